using System.Diagnostics;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// The reference engine: every entity of the district stepped in this process, optionally in several blocks of
/// replications (the same split the Orleans shards use). Its numbers are the ones every other engine must match.
/// </summary>
public static class InProcessEngine
{
    public const string Name = "inprocess";

    /// <summary>
    /// Largest block when the caller leaves the split to the engine. A block's state is about 10 KB per replication
    /// (entity vectors, snapshots, the 12-month window), so 2,048 replications keep a month's working set within the
    /// last-level cache; one block of 10,000 spills to memory and cost about 40 % more per replication. Any split
    /// gives the same bits.
    /// </summary>
    public const int AutoBlockReplications = 2048;

    /// <summary>Blocks of at most <see cref="AutoBlockReplications"/>, as few as that allows.</summary>
    public static int AutoBlocks(int replications) => Math.Max(1, (replications + AutoBlockReplications - 1) / AutoBlockReplications);

    /// <param name="blocks">Blocks of replications stepped one after another; 0 lets the engine choose (<see cref="AutoBlocks"/>).</param>
    public static RunResult Run(Scenario scenario, IoTable? io = null, int blocks = 0, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var data = BaseYearDataset.Default;
        var parameters = ModelParameters.Build(data, scenario, io);
        var baseValues = BaseValues.For(data, parameters);
        var split = ReplicationBlocks.Split(scenario.Replications, blocks > 0 ? blocks : AutoBlocks(scenario.Replications));
        var shards = split.Select(b => new ShardSimulation(parameters, b)).ToArray();
        var accumulator = new RunAccumulator(parameters, baseValues);
        var startup = clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (var month = 0; month < scenario.Months; month++)
        {
            for (var s = 0; s < shards.Length; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                accumulator.AddBlock(shards[s].Block, shards[s].StepMonth());
                progress?.Report(new RunProgress(month, s + 1, shards.Length, scenario.Months, clock.Elapsed.TotalSeconds, (long)((month * scenario.Replications) + split[..(s + 1)].Sum(b => (long)b.Count))));
            }

            accumulator.CompleteMonth();
        }

        var simulation = clock.Elapsed.TotalSeconds;
        var throughput = simulation > 0 ? (double)scenario.Replications * scenario.Months / simulation : 0;
        return accumulator.ToResult(Name, new RunTimings(startup, simulation, throughput));
    }
}
