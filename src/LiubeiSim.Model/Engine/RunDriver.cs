using System.Diagnostics;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// The one way a run is driven, in process or on grains: every shard steps a month, their blocks merge by replication
/// index in a <see cref="RunAccumulator"/> (so the result does not depend on which shard finished first), which reads
/// them where they are (in process, where the blocks write into the run's own matrix; otherwise each shard's array as
/// it came), and the next month starts once this month's statistics are computed. A run larger than
/// <see cref="SpreadOptions.GatherAtMost"/> is not gathered: its shards keep their values and answer for its
/// statistics (<see cref="SpreadMonth"/>), so no one place holds every replication.
/// </summary>
public static class RunDriver
{
    public static async Task<RunResult> RunAsync(
        ModelParameters parameters,
        IReadOnlyList<IShardStepper> shards,
        string engine,
        IProgress<RunProgress>? progress = null,
        Action<TimeSpan>? monthMerged = null,
        SpreadOptions? spread = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var r = parameters.Scenario.Replications;
        var stride = (spread ?? SpreadOptions.Never).Stride(r);
        // Blocks of this process that write into one matrix of the run's own (InProcessEngine.Run's) are not copied.
        var inPlace = stride == 1 && shards.Count > 0 && shards[0] is IWritesIntoRun { RunValues: { } values }
            && shards.All(s => s is IWritesIntoRun w && ReferenceEquals(w.RunValues, values))
            ? values
            : null;
        var accumulator = inPlace is not null ? new RunAccumulator(parameters, inPlace)
            : stride == 1 ? RunAccumulator.HoldingBlocks(parameters)
            : new RunAccumulator(parameters, gathers: false);
        var months = parameters.Months;
        var replicationMonths = 0L;
        var shardsDone = 0;
        var reporting = new Lock();
        var selection = stride > 1 ? SpreadMonth.Selection(r, spread!.Selection) : null;
        var sampling = new Lock();

        async Task<ReadOnlyMemory<double>> Step(IShardStepper shard, int month)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = await shard.AdvanceMonth(month, stride, cancellationToken);
            if (selection is not null)
            {
                // A spread run takes the shard's sample now and keeps nothing of it.
                lock (sampling)
                {
                    SpreadMonth.AddSample(selection, shard.Block, stride, values.Span);
                }

                values = default;
            }

            // In process, blocks finish on several threads at once: one report at a time, so counts never go backwards.
            lock (reporting)
            {
                shardsDone++;
                replicationMonths += shard.Block.Count;
                progress?.Report(new RunProgress(month, shardsDone, shards.Count, months, clock.Elapsed.TotalSeconds, replicationMonths));
            }

            return values;
        }

        void ResetReports()
        {
            lock (reporting)
            {
                shardsDone = 0;
            }
        }

        var pending = shards.Select(s => Step(s, 0)).ToArray();
        for (var month = 0; month < months; month++)
        {
            // WhenAll, so a failure of any shard is observed (and the first one thrown) whatever order they end in.
            var blocks = await Task.WhenAll(pending);
            var merging = Stopwatch.GetTimestamp();
            if (selection is not null)
            {
                // The shards keep this month's values until its statistics are known: only then the next month.
                accumulator.CompleteMonth(await SpreadMonth.StatisticsAsync(shards, selection, month, r, cancellationToken));
                if (month + 1 == months)
                {
                    accumulator.TargetsMet(await SpreadMonth.TargetsMetAsync(shards, month, parameters.Scenario.Targets.Count, cancellationToken));
                }
                else
                {
                    selection.Reset();
                    ResetReports();
                    pending = [.. shards.Select(s => Step(s, month + 1))];
                }

                monthMerged?.Invoke(Stopwatch.GetElapsedTime(merging));
                continue;
            }

            // The values stay where the shards left them (the run's matrix in process, a shard's own array or the message
            // that brought it otherwise), and a shard's next month writes over its own: this month's statistics first.
            for (var s = 0; s < shards.Count; s++)
            {
                if (inPlace is not null)
                {
                    accumulator.AddBlockWritten(shards[s].Block);
                }
                else
                {
                    accumulator.HoldBlock(shards[s].Block, blocks[s]);
                }
            }

            ResetReports();
            accumulator.CompleteMonth();
            if (month + 1 < months)
            {
                pending = [.. shards.Select(s => Step(s, month + 1))];
            }

            monthMerged?.Invoke(Stopwatch.GetElapsedTime(merging));
        }

        var simulation = clock.Elapsed.TotalSeconds;
        var throughput = simulation > 0 ? (double)parameters.Scenario.Replications * months / simulation : 0;
        return accumulator.ToResult(engine, new RunTimings(0, simulation, throughput));
    }
}

/// <summary>When a run stops gathering its replications' values in one place, and how its shards are asked instead.</summary>
/// <param name="GatherAtMost">Runs of at most this many replications gather each month's values where the run is
/// (one copy, 432 bytes per replication); larger ones leave them with their shards.</param>
/// <param name="Sample">About how many values of each series the shards send each month to place the selection's cuts.</param>
/// <param name="Selection">How finely the selection cuts; null for its defaults.</param>
public sealed record SpreadOptions(int GatherAtMost = SpreadOptions.DefaultGatherAtMost, int Sample = SpreadOptions.DefaultSample, SelectionOptions? Selection = null)
{
    /// <summary>
    /// A series' sample of 8,192 values is 64 KB, under the large-object threshold (85,000 bytes): a shard's sample
    /// of a series, sent as an array of its own, is then never a large object on the run's silo. 16,384 took the
    /// same three rounds a month and the same time (333,333 replications in four shards). Any sample gives the same
    /// numbers (the selection is exact).
    /// </summary>
    public const int DefaultSample = 8_192;

    /// <summary>Above this, a run's month of values (54 series × 8 bytes each) would be over 56 MB in one grain.</summary>
    public const int DefaultGatherAtMost = 131_072;

    /// <summary>Always gather (the in-process engine, whose blocks share one process anyway).</summary>
    public static SpreadOptions Never { get; } = new(int.MaxValue);

    /// <summary>1 when the run gathers; otherwise the stride of the shards' samples.</summary>
    public int Stride(int replications) =>
        replications <= GatherAtMost ? 1 : (int)Math.Max(2, ((long)replications + Sample - 1) / Sample);

    /// <summary>At least 1 (checked here, so a bad setting fails when the run is built, not in its first month).</summary>
    public int Sample { get; init; } = Sample >= 1 ? Sample : throw new ArgumentOutOfRangeException(nameof(Sample), Sample, "The spread sample must be at least 1 value per series.");

    /// <summary>0 or more (0: every run spreads).</summary>
    public int GatherAtMost { get; init; } = GatherAtMost >= 0 ? GatherAtMost : throw new ArgumentOutOfRangeException(nameof(GatherAtMost), GatherAtMost, "GatherAtMost cannot be negative.");
}
