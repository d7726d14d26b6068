using System.Diagnostics;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// The reference engine: every entity of the district stepped in this process, optionally in several blocks of
/// replications (the same split the Orleans shards use), driven by the same <see cref="RunDriver"/> as the run grain.
/// Its numbers are the ones every other engine must match.
/// </summary>
public static class InProcessEngine
{
    public const string Name = "inprocess";

    /// <summary>
    /// Largest block when the caller leaves the split to the engine. A block's month touches about 5 KB per replication
    /// (entity vectors, schedules, snapshots, reported values, and 2 KB of contributions and raw values in a set the
    /// blocks share, see <see cref="MonthScratchPool"/>), so 2,048 replications keep a month's working set
    /// within the last-level cache; blocks of 10,000 spilled to memory and cost about 40 % more per replication (measured
    /// when the state was twice as large). Any split gives the same bits.
    /// </summary>
    public const int AutoBlockReplications = 2048;

    /// <summary>Blocks of at most <see cref="AutoBlockReplications"/>, as few as that allows.</summary>
    public static int AutoBlocks(int replications) => Math.Max(1, (replications + AutoBlockReplications - 1) / AutoBlockReplications);

    /// <summary>Runs a scenario in this process and returns every series' distribution for every month, and the target probabilities.</summary>
    /// <param name="scenario">A validated scenario (<see cref="ScenarioLibrary.Resolve"/>, <see cref="ScenarioParser"/>).</param>
    /// <param name="io">Input-output table; null for the default shipped with the model.</param>
    /// <param name="blocks">Blocks of replications, stepped in parallel on the process's cores; 0 lets the engine choose (<see cref="AutoBlocks"/>).</param>
    /// <param name="progress">Told after each block of each month.</param>
    /// <param name="cancellationToken">Stops the run between steps with <see cref="OperationCanceledException"/>.</param>
    /// <param name="parallel">Set up and step the blocks on the thread pool (every core); false keeps the run on the calling thread, for callers that already run one per core or must leave the pool to others (a host's sensitivity study, a sweep's points).</param>
    public static RunResult Run(Scenario scenario, IoTable? io = null, int blocks = 0, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default, bool parallel = true)
    {
        var clock = Stopwatch.StartNew();
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, io);
        var shards = Shards(parameters, blocks, parallel: parallel && Environment.ProcessorCount > 1, intoRun: true);
        var startup = clock.Elapsed.TotalSeconds;

        // Blocks run on the thread pool (or synchronously on one core); this thread only waits for the driver, which
        // runs there too, away from any caller's synchronization context or scheduler its awaits would need.
        var result = Task.Run(() => RunDriver.RunAsync(parameters, shards, Name, progress, cancellationToken: cancellationToken), cancellationToken).GetAwaiter().GetResult();
        return result with { Timings = result.Timings with { StartupSeconds = startup } };
    }

    /// <summary>The run's replications as blocks simulated in this process (0 blocks: <see cref="AutoBlocks"/>), for a driver of its own.</summary>
    /// <param name="parameters">The run's parameters.</param>
    /// <param name="blocks">How many blocks; 0 lets the engine choose.</param>
    /// <param name="parallel">Step each block's month on the thread pool (so blocks share the cores) instead of on the caller's thread.</param>
    /// <remarks>
    /// With <paramref name="parallel"/> the blocks are also set up on every core: setting up is a third of a
    /// 100,000-replication run's work (each pipeline's history of cohorts, every entity's vectors), which one thread
    /// did while the other cores waited. The set-up draws by replication index, so the bits do not depend on the order.
    /// </remarks>
    public static IShardStepper[] Shards(ModelParameters parameters, int blocks = 0, bool parallel = false) => Shards(parameters, blocks, parallel, intoRun: false);

    /// <param name="parameters">The run's parameters.</param>
    /// <param name="blocks">How many blocks; 0 lets the engine choose.</param>
    /// <param name="parallel">As above.</param>
    /// <param name="intoRun">
    /// The blocks write their reported values into one matrix of the run's, which <see cref="RunDriver"/> then reads in
    /// place (saving a copy a month and 432 bytes a replication); for that driver only, since the values are not the
    /// block's own to hand over.
    /// </param>
    private static IShardStepper[] Shards(ModelParameters parameters, int blocks, bool parallel, bool intoRun)
    {
        var split = ReplicationBlocks.Split(parameters.Scenario.Replications, blocks > 0 ? blocks : AutoBlocks(parameters.Scenario.Replications));
        var shards = new IShardStepper[split.Length];
        var scratch = new MonthScratchPool(parameters);
        var runValues = intoRun ? new double[SeriesLayout.Count * parameters.Scenario.Replications] : null;
        void SetUp(int i) => shards[i] = new LocalShard(new ShardSimulation(parameters, split[i], scratch, runValues), parallel);
        if (parallel)
        {
            AllCores.For(split.Length, SetUp);
        }
        else
        {
            for (var i = 0; i < split.Length; i++)
            {
                SetUp(i);
            }
        }

        return shards;
    }

    /// <summary>
    /// A shard simulated in this process. Its values are the simulation's own (valid until its next month): a driver
    /// reads or copies them before it asks for the next month (<see cref="RunAccumulator.HoldBlock"/>,
    /// <see cref="RunAccumulator.AddBlock"/>). A block writing
    /// into its run's matrix hands nothing over at stride 1: the driver reads the matrix (<see cref="IWritesIntoRun"/>).
    /// </summary>
    private sealed class LocalShard(ShardSimulation simulation, bool parallel) : IShardStepper, IWritesIntoRun
    {
        private readonly SpreadBuffers _spread = new();
        private ShardCensus? _census;

        /// <summary>For a block writing into its run's matrix, its values copied out series-major when a question needs them, and the month they are of.</summary>
        private double[]? _own;
        private int _ownMonth = -1;

        public ReplicationBlock Block => simulation.Block;

        public double[]? RunValues => simulation.RunValues;

        public ValueTask<ReadOnlyMemory<double>> AdvanceMonth(int month, int sampleStride, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (month != simulation.MonthsDone)
            {
                throw new InvalidOperationException($"Shard {Block} asked for month {month} after {simulation.MonthsDone}.");
            }

            return parallel
                ? new ValueTask<ReadOnlyMemory<double>>(Task.Run(() => Step(sampleStride), cancellationToken))
                : ValueTask.FromResult(Step(sampleStride));
        }

        public ValueTask<CensusAnswer> Census(int month, CensusQuestion question, CancellationToken cancellationToken)
        {
            Month(month, cancellationToken);
            var census = _census ??= _spread.Census(Values(), Block);
            return parallel
                ? new ValueTask<CensusAnswer>(Task.Run(() => census.Answer(question), cancellationToken))
                : ValueTask.FromResult(census.Answer(question));
        }

        public ValueTask<double[]> ContinueSums(int month, double[] sums, CancellationToken cancellationToken) =>
            ValueTask.FromResult(SpreadMonth.ContinueSums(Month(month, cancellationToken), Block.Count, sums));

        public ValueTask<int[]> CountTargetsMet(int month, CancellationToken cancellationToken) =>
            ValueTask.FromResult(SpreadMonth.CountTargetsMet(simulation.Parameters, Month(month, cancellationToken), Block.Count));

        private ReadOnlyMemory<double> Step(int sampleStride)
        {
            simulation.StepMonth();
            _census = null;
            _ownMonth = -1;

            // Written in place at stride 1: the driver reads them there.
            return simulation.RunValues is not null && sampleStride == 1 ? default : _spread.Sample(Values(), Block, sampleStride);
        }

        /// <summary>The block's values of the month last stepped, series-major over the block.</summary>
        private ReadOnlyMemory<double> Values()
        {
            if (simulation.RunValues is not { } run)
            {
                return simulation.Reported;
            }

            _own ??= new double[SeriesLayout.Count * Block.Count];
            if (_ownMonth != simulation.MonthsDone)
            {
                var r = simulation.Parameters.Scenario.Replications;
                for (var s = 0; s < SeriesLayout.Count; s++)
                {
                    run.AsSpan((s * r) + Block.Start, Block.Count).CopyTo(_own.AsSpan(s * Block.Count, Block.Count));
                }

                _ownMonth = simulation.MonthsDone;
            }

            return _own;
        }

        /// <summary>The values of the month last stepped, which questions may only be about.</summary>
        private ReadOnlySpan<double> Month(int month, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (month != simulation.MonthsDone - 1)
            {
                throw new InvalidOperationException($"Shard {Block} asked about month {month} when its last month is {simulation.MonthsDone - 1}.");
            }

            return Values().Span;
        }
    }
}
