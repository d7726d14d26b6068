using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// A run that reads its shards' values where they arrived (<see cref="RunAccumulator.HoldingBlocks"/>, the grains'
/// way) must give the bytes of one that copies them into a matrix of every replication (<see cref="RunAccumulator.AddBlock"/>),
/// whatever order and sizes the blocks come in, and its driver must not let a shard write its next month over values
/// the statistics have not read yet.
/// </summary>
public sealed class HeldBlocksTests
{
    [Theory]
    [InlineData(1, 12, 1)]
    [InlineData(5, 12, 2)]
    [InlineData(9, 13, 3)]
    [InlineData(17, 5, 4)]
    public void Held_blocks_give_the_statistics_and_targets_of_copied_ones(int blocks, int months, int seed)
    {
        const int Replications = 5_000;
        var scenario = EngineScenarios.Load("baseline-2023", Replications) with { Months = months };
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        var split = ReplicationBlocks.Split(Replications, blocks);
        var random = new Random(seed);
        var copied = new RunAccumulator(parameters);
        var held = RunAccumulator.HoldingBlocks(parameters);
        for (var month = 0; month < months; month++)
        {
            // Each block's values in an array of its own, handed over in a shuffled order; some series tied (counts).
            var order = split.OrderBy(_ => random.Next()).ToArray();
            foreach (var block in order)
            {
                var values = new double[SeriesLayout.Count * block.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = i % 3 == 0 ? random.Next(4) : (random.NextDouble() * 1_000) - 100;
                }

                copied.AddBlock(block, values);
                held.HoldBlock(block, values);
            }

            copied.CompleteMonth();
            held.CompleteMonth();
        }

        var timings = new RunTimings(0, 1, 1);
        var expected = copied.ToResult("test", timings);
        var actual = held.ToResult("test", timings);
        EngineScenarios.AssertSameOutputs(expected, actual);
    }

    [Fact]
    public void A_run_holding_its_blocks_takes_them_one_way_only_and_checks_their_sizes()
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 10));
        var block = new ReplicationBlock(0, 10);
        var held = RunAccumulator.HoldingBlocks(parameters);

        Assert.Throws<InvalidOperationException>(() => held.AddBlock(block, new double[SeriesLayout.Count * 10]));
        Assert.Throws<InvalidOperationException>(() => held.AddBlockWritten(block));
        Assert.Throws<InvalidOperationException>(() => new RunAccumulator(parameters).HoldBlock(block, new double[SeriesLayout.Count * 10]));
        Assert.Throws<ArgumentException>(() => held.HoldBlock(block, new double[(SeriesLayout.Count * 10) - 1]));
        Assert.Throws<ArgumentException>(() => held.HoldBlock(new ReplicationBlock(5, 6), new double[SeriesLayout.Count * 6]));
        Assert.Throws<InvalidOperationException>(() => held.CompletedMonth.Length);

        // Blocks must still tile the run.
        held.HoldBlock(new ReplicationBlock(0, 4), new double[SeriesLayout.Count * 4]);
        Assert.Throws<ArgumentException>(held.CompleteMonth);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task The_driver_reads_a_held_month_before_any_shard_steps_over_it(int shards)
    {
        // Each shard returns its one array and, when asked for the next month, overwrites it at once (as a shard
        // grain's district does). Statistics read after that would be of the next month's values.
        const int Replications = 600;
        const int Months = 4;
        var scenario = EngineScenarios.Load("baseline-2023", Replications) with { Months = Months };
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        var steppers = ReplicationBlocks.Split(Replications, shards).Select(b => new Overwriting(b)).ToArray();

        var result = await RunDriver.RunAsync(parameters, steppers, "test", cancellationToken: TestContext.Current.CancellationToken);

        var copied = new RunAccumulator(parameters);
        for (var month = 0; month < Months; month++)
        {
            foreach (var stepper in steppers)
            {
                copied.AddBlock(stepper.Block, Overwriting.ValuesOf(stepper.Block, month));
            }

            copied.CompleteMonth();
        }

        var expected = copied.ToResult("test", result.Timings);
        EngineScenarios.AssertSameOutputs(expected, result);
    }

    /// <summary>A shard whose values for a month are a function of the month and the replication, in one array it overwrites each month.</summary>
    private sealed class Overwriting(ReplicationBlock block) : IShardStepper
    {
        private readonly double[] _values = new double[SeriesLayout.Count * block.Count];

        public ReplicationBlock Block => block;

        public static double[] ValuesOf(ReplicationBlock block, int month)
        {
            var values = new double[SeriesLayout.Count * block.Count];
            for (var s = 0; s < SeriesLayout.Count; s++)
            {
                for (var i = 0; i < block.Count; i++)
                {
                    // Not whole numbers, so a sum taken in another order or with a block misplaced shows in the means' bits.
                    values[(s * block.Count) + i] = (month * 1_000.0) + (s * 7.0) + ((block.Start + i) % 97) + (0.1 * Math.Sqrt(block.Start + i));
                }
            }

            return values;
        }

        public ValueTask<ReadOnlyMemory<double>> AdvanceMonth(int month, int sampleStride, CancellationToken cancellationToken)
        {
            ValuesOf(block, month).CopyTo(_values, 0);
            return ValueTask.FromResult<ReadOnlyMemory<double>>(_values);
        }

        public ValueTask<CensusAnswer> Census(int month, CensusQuestion question, CancellationToken cancellationToken) => throw new NotSupportedException("A gathered run asks no census.");

        public ValueTask<double[]> ContinueSums(int month, double[] sums, CancellationToken cancellationToken) => throw new NotSupportedException("A gathered run asks for no sums.");

        public ValueTask<int[]> CountTargetsMet(int month, CancellationToken cancellationToken) => throw new NotSupportedException("A gathered run counts its own targets.");
    }
}
