using LiubeiSim.Grains.Messages;

namespace LiubeiSim.Grains.Runs;

/// <summary>A block of replications of one run: owns one activation of every entity of the district and drives their months.</summary>
[Alias("LiubeiSim.Grains.Runs.IShardGrain")]
public interface IShardGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(ShardSetup setup);

    /// <summary>Runs one month through every entity and the district; returns the month's reported values, series-major over the block.</summary>
    [Alias("AdvanceMonth")]
    Task<Immutable<double[]>> AdvanceMonth(int month);

    /// <summary>Tells this shard's silo that the run is cancelled: queued entity turns then do nothing. Interleaves with a month under way.</summary>
    [AlwaysInterleave]
    [Alias("Cancel")]
    Task Cancel();

    [Alias("Stop")]
    Task Stop();
}
