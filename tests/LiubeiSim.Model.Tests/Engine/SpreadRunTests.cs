using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// A run whose shards keep their values (distributed selection, means passed shard to shard, targets counted where
/// the values are) writes the same bytes as the run that gathers every replication, for any split and cut size.
/// </summary>
public sealed class SpreadRunTests
{
    [Theory]
    [InlineData("baseline-2023", 400, 3, 16, 1)]
    [InlineData("baseline-2023", 400, 1, 400, 4096)]
    [InlineData("project-delays", 333, 7, 5, 3)]
    [InlineData("investment-slump", 250, 4, 40, 20)]
    public void A_spread_run_writes_the_gathered_run_s_bytes(string name, int replications, int shards, int sample, int valuesAtMost)
    {
        var scenario = EngineScenarios.Load(name, replications);
        var gathered = EngineScenarios.Run(scenario, blocks: shards);
        var spread = new SpreadOptions(GatherAtMost: 0, Sample: sample, Selection: new SelectionOptions(ValuesAtMost: valuesAtMost, SplittersPerProbe: 4, SampleLimit: 3));
        var result = Drive(scenario, shards, spread);

        EngineScenarios.AssertSameOutputs(gathered, result);
    }

    [Theory]
    [InlineData("baseline-2023", 400, 5, 16)]
    [InlineData("project-delays", 333, 7, 5)]
    public async Task A_spread_run_whose_shards_finish_last_first_writes_the_gathered_run_s_bytes(string name, int replications, int shards, int sample)
    {
        // The run adds each shard's sample to its selection as the shard's month arrives: here every month the last
        // shard arrives first and the first last, so the selection's sample is built in the opposite order.
        var scenario = EngineScenarios.Load(name, replications);
        var gathered = EngineScenarios.Run(scenario, blocks: shards);
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        var arrivals = new Arrivals();
        var steppers = InProcessEngine.Shards(parameters, shards).Select((shard, i) => (IShardStepper)new LastFirst(shard, i, shards, arrivals)).ToArray();
        var spread = new SpreadOptions(GatherAtMost: 0, Sample: sample, Selection: new SelectionOptions(ValuesAtMost: 3, SplittersPerProbe: 4, SampleLimit: 3));
        var result = await RunDriver.RunAsync(parameters, steppers, InProcessEngine.Name, arrivals, spread: spread, cancellationToken: TestContext.Current.CancellationToken);

        EngineScenarios.AssertSameOutputs(gathered, result);
        Assert.Equal(Enumerable.Range(0, shards).Reverse(), arrivals.Order(month: parameters.Months - 1));
    }

    [Fact]
    public async Task Statistics_from_a_selection_that_still_holds_last_month_s_ranks_are_refused()
    {
        // Not reset, every rank would already be known and the month would read the last month's values: an error instead.
        var parameters = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 40));
        var shards = InProcessEngine.Shards(parameters, 2);
        var selection = SpreadMonth.Selection(40, null);
        for (var month = 0; month < 2; month++)
        {
            foreach (var shard in shards)
            {
                SpreadMonth.AddSample(selection, shard.Block, 2, (await shard.AdvanceMonth(month, 2, TestContext.Current.CancellationToken)).Span);
            }

            if (month == 0)
            {
                await SpreadMonth.StatisticsAsync(shards, selection, month, 40, TestContext.Current.CancellationToken);
                Assert.True(selection.Rounds > 0);
            }
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SpreadMonth.StatisticsAsync(shards, selection, 1, 40, TestContext.Current.CancellationToken));
        Assert.Contains("reset it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_up_to_the_limit_gather_and_larger_ones_sample_every_stride_th_replication()
    {
        var options = new SpreadOptions(GatherAtMost: 1000, Sample: 300);
        Assert.Equal(1, options.Stride(1000));
        Assert.Equal(4, options.Stride(1001));
        Assert.Equal(1, new SpreadOptions().Stride(SpreadOptions.DefaultGatherAtMost));
        Assert.Equal(123, new SpreadOptions().Stride(1_000_000)); // 8,192 values a series: every 123rd of a million
        Assert.Equal((2, 2), SpreadMonth.Sampled(new ReplicationBlock(10, 10), 4));
        Assert.Equal((3, 0), SpreadMonth.Sampled(new ReplicationBlock(5, 3), 4));
    }

    [Fact]
    public void A_spread_run_holds_no_month_of_every_replication()
    {
        // The accumulator of a run that does not gather allocates no replication's values (only the statistics).
        var parameters = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 200_000));
        GC.KeepAlive(new RunAccumulator(parameters, gathers: false));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var accumulator = new RunAccumulator(parameters, gathers: false);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(accumulator);
        Assert.InRange(allocated, 1, 200_000);
        Assert.Throws<InvalidOperationException>(() => accumulator.AddBlock(new ReplicationBlock(0, 1), new double[SeriesLayout.Count]));
    }

    [Fact]
    public void A_gathered_month_with_a_value_that_is_not_finite_fails_with_the_quantiles_own_error()
    {
        // Its series go in parallel; the failure must still be the quantiles' ArgumentException, naming the value.
        var parameters = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 3));
        var accumulator = new RunAccumulator(parameters);
        var values = new double[SeriesLayout.Count * 3];
        values[(7 * 3) + 2] = double.NaN;
        accumulator.AddBlock(new ReplicationBlock(0, 3), values);
        var e = Assert.Throws<ArgumentException>(accumulator.CompleteMonth);
        Assert.Contains("[2] is NaN", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The order the driver took the shards' months in, from its progress reports (made as it takes each one).</summary>
    private sealed class Arrivals : IProgress<RunProgress>
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<(int Month, int Taken), TaskCompletionSource> _taken = [];
        private readonly Dictionary<int, List<int>> _order = [];

        /// <summary>Set by a shard just before its month is handed over (one at a time), so the next report is that shard's.</summary>
        public int Handing { get; set; }

        public void Report(RunProgress value)
        {
            lock (_lock)
            {
                (_order.TryGetValue(value.Month, out var order) ? order : _order[value.Month] = []).Add(Handing);
            }

            Gate(value.Month, value.ShardsDone).TrySetResult();
        }

        /// <summary>Done when the driver has taken <paramref name="taken"/> shards' months of <paramref name="month"/>.</summary>
        public Task Taken(int month, int taken) => taken == 0 ? Task.CompletedTask : Gate(month, taken).Task;

        public IReadOnlyList<int> Order(int month)
        {
            lock (_lock)
            {
                return [.. _order[month]];
            }
        }

        private TaskCompletionSource Gate(int month, int taken)
        {
            lock (_lock)
            {
                if (!_taken.TryGetValue((month, taken), out var gate))
                {
                    _taken[(month, taken)] = gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return gate;
            }
        }
    }

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>, whose month is handed over only after every later shard's has been taken.</summary>
    private sealed class LastFirst(IShardStepper shard, int index, int count, Arrivals arrivals) : IShardStepper
    {
        public ReplicationBlock Block => shard.Block;

        public async ValueTask<ReadOnlyMemory<double>> AdvanceMonth(int month, int sampleStride, CancellationToken cancellationToken)
        {
            var values = await shard.AdvanceMonth(month, sampleStride, cancellationToken);
            await arrivals.Taken(month, count - 1 - index).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            arrivals.Handing = index;
            return values;
        }

        public ValueTask<CensusAnswer> Census(int month, CensusQuestion question, CancellationToken cancellationToken) => shard.Census(month, question, cancellationToken);

        public ValueTask<double[]> ContinueSums(int month, double[] sums, CancellationToken cancellationToken) => shard.ContinueSums(month, sums, cancellationToken);

        public ValueTask<int[]> CountTargetsMet(int month, CancellationToken cancellationToken) => shard.CountTargetsMet(month, cancellationToken);
    }

    private static RunResult Drive(Model.Scenarios.Scenario scenario, int shards, SpreadOptions spread)
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        return RunDriver.RunAsync(parameters, InProcessEngine.Shards(parameters, shards), InProcessEngine.Name, spread: spread).GetAwaiter().GetResult();
    }
}
