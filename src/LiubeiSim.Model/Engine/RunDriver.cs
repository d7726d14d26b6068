using System.Diagnostics;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// The one way a run is driven, in process or on grains: every shard steps a month, their blocks merge by replication
/// index in a <see cref="RunAccumulator"/> (so the result does not depend on which shard finished first), and the
/// next month starts while this month's quantiles are computed.
/// </summary>
public static class RunDriver
{
    public static async Task<RunResult> RunAsync(
        ModelParameters parameters,
        IReadOnlyList<IShardStepper> shards,
        string engine,
        IProgress<RunProgress>? progress = null,
        Action<TimeSpan>? monthMerged = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var accumulator = new RunAccumulator(parameters);
        var months = parameters.Months;
        var replicationMonths = 0L;
        var shardsDone = 0;
        var reporting = new Lock();

        async Task<ReadOnlyMemory<double>> Step(IShardStepper shard, int month)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = await shard.AdvanceMonth(month, cancellationToken);

            // In process, blocks finish on several threads at once: one report at a time, so counts never go backwards.
            lock (reporting)
            {
                shardsDone++;
                replicationMonths += shard.Block.Count;
                progress?.Report(new RunProgress(month, shardsDone, shards.Count, months, clock.Elapsed.TotalSeconds, replicationMonths));
            }

            return values;
        }

        var pending = shards.Select(s => Step(s, 0)).ToArray();
        for (var month = 0; month < months; month++)
        {
            // WhenAll, so a failure of any shard is observed (and the first one thrown) whatever order they end in.
            var blocks = await Task.WhenAll(pending);
            var merging = Stopwatch.GetTimestamp();
            for (var s = 0; s < shards.Count; s++)
            {
                accumulator.AddBlock(shards[s].Block, blocks[s].Span);
            }

            // AddBlock copied the values, so the shards may overwrite them: next month starts before this one's quantiles.
            lock (reporting)
            {
                shardsDone = 0;
            }

            if (month + 1 < months)
            {
                pending = [.. shards.Select(s => Step(s, month + 1))];
            }

            accumulator.CompleteMonth();
            monthMerged?.Invoke(Stopwatch.GetElapsedTime(merging));
        }

        var simulation = clock.Elapsed.TotalSeconds;
        var throughput = simulation > 0 ? (double)parameters.Scenario.Replications * months / simulation : 0;
        return accumulator.ToResult(engine, new RunTimings(0, simulation, throughput));
    }
}
