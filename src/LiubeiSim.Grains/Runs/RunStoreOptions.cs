using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// How the cluster keeps durable runs: how many run at once and wait, how long finished ones are kept, how often the
/// catalog is kept (lost runs resumed), and how often a run may be started again before it is failed.
/// </summary>
public sealed class RunStoreOptions
{
    /// <summary>Durable runs simulated at once in the cluster; the rest wait as queued. Each run already spreads its shards over every core.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>Durable runs waiting at most; beyond it a submission is refused instead of letting the queue grow without bound.</summary>
    public int MaxQueued { get; set; } = 100;

    /// <summary>Finished runs kept, newest first; older ones are forgotten (record and result deleted).</summary>
    public int Retained { get; set; } = 1000;

    /// <summary>Finished runs older than this are forgotten whatever their number.</summary>
    public TimeSpan RetainedFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How often each silo asks the catalog to keep its runs. A run whose grain was lost starts again within this
    /// (plus Orleans' detection of the dead silo); a few seconds costs one small call per silo.
    /// </summary>
    public TimeSpan KeepInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A shard its run has not called for this long asks the run whether it is still one of its shards, and asks again
    /// as often. A shard of a run whose grain was lost with its silo (started again under a new attempt) is told no and
    /// lets its replications' data go, instead of holding it until Orleans collects idle grains (15 minutes). A live
    /// run's shard idle this long (waiting while another is recomputed, say) is told yes and stays; the question holds
    /// the shard for at most 10 s. At most a day.
    /// </summary>
    public TimeSpan IdleShardCheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Times a durable run may be started again after losing its grain before it is failed with the reason.</summary>
    public int MaxRestarts { get; set; } = 10;

    /// <summary>
    /// Runs of at most this many replications gather each month's values in the run's grain (432 bytes per
    /// replication on that silo); larger runs leave them with their shards, which answer for the month's quantiles,
    /// means and target counts (distributed selection), so each silo holds only its shards' replications. Same numbers
    /// either way.
    /// </summary>
    public int GatherAtMost { get; set; } = SpreadOptions.DefaultGatherAtMost;

    /// <summary>
    /// In a cluster of more than one active silo, runs of more than this many replications do not gather, whatever
    /// <see cref="GatherAtMost"/> says. Gathering there sends every shard's month across the wire to the run's silo,
    /// which then held more than a lone silo running the same run (100,000 replications on three silos: 798 MiB
    /// against 727 on one; spread: 443 MiB, and no slower). On one silo gathering moves nothing between processes.
    /// </summary>
    public int GatherInClusterAtMost { get; set; } = DefaultGatherInClusterAtMost;

    /// <summary>A month of 16,384 replications' values is 7 MB; below it a spread run's rounds of questions cost more than the copy saves.</summary>
    public const int DefaultGatherInClusterAtMost = 16_384;

    /// <summary>About how many values of each series the shards of a run that does not gather send each month to place the selection's cuts.</summary>
    public int SpreadSample { get; set; } = SpreadOptions.DefaultSample;

    /// <summary>In a run that does not gather, an interval of the selection holding at most this many values (over every shard) is fetched whole.</summary>
    public int SpreadValuesAtMost { get; set; } = SelectionOptions.Default.ValuesAtMost;

    /// <summary>How a run is told to compute its statistics under these options, on one silo.</summary>
    public SpreadOptions Spread => SpreadOn(activeSilos: 1);

    /// <summary>How a run started while <paramref name="activeSilos"/> silos are active computes its statistics (any choice gives the same numbers).</summary>
    public SpreadOptions SpreadOn(int activeSilos) => new(
        activeSilos > 1 ? Math.Min(GatherAtMost, GatherInClusterAtMost) : GatherAtMost,
        SpreadSample,
        SelectionOptions.Default with { ValuesAtMost = SpreadValuesAtMost });
}
