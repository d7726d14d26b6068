using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
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

        Assert.Equal(RunReport.IndicatorsCsv(gathered), RunReport.IndicatorsCsv(result));
        Assert.Equal(RunReport.TargetsCsv(gathered), RunReport.TargetsCsv(result));
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

    private static RunResult Drive(Model.Scenarios.Scenario scenario, int shards, SpreadOptions spread)
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        return RunDriver.RunAsync(parameters, InProcessEngine.Shards(parameters, shards), InProcessEngine.Name, spread: spread).GetAwaiter().GetResult();
    }
}
