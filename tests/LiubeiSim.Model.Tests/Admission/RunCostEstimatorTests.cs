using LiubeiSim.Aggregation;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Admission;

public sealed class RunCostEstimatorTests
{
    private static Scenario Baseline(int replications, int months = 12, int firms = 0, params string[] settings)
    {
        var parsed = ScenarioLibrary.Resolve("baseline-2023", [$"horizon.months={months}", $"synthetic_firms={firms}", .. settings]);
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Problems));
        return parsed.Scenario!.WithReplications(replications);
    }

    private static ModelParameters Parameters(Scenario scenario) => ModelParameters.Build(BaseYearDataset.Default, scenario, null);

    /// <summary>
    /// The estimate must cover what the engine really allocates per replication: a block's state is allocated once, on
    /// the thread that builds it, and its contributions when it steps its first month (a lone block has a set of its
    /// own; the blocks of an in-process run share a few), so the bytes this thread allocates building a block, stepping
    /// it once and building the run's merge are its state. Someone adding per-replication state to an entity or the
    /// district makes this fail until the coefficients follow.
    /// </summary>
    [Theory]
    [InlineData(12, 0)]
    [InlineData(120, 0)]
    [InlineData(12, 500)]
    [InlineData(1, 0, "levers.project_delay_months=24")]
    public void The_estimate_covers_the_state_the_engine_allocates_and_is_not_wildly_above_it(int months, int firms, params string[] settings)
    {
        const int replications = 4_000;
        var scenario = Baseline(replications, months, firms, settings);
        var parameters = Parameters(scenario);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var shard = new ShardSimulation(parameters, new ReplicationBlock(0, replications));
        shard.StepMonth();
        var merge = new RunAccumulator(parameters);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(shard);
        GC.KeepAlive(merge);

        var estimate = RunCostEstimator.Estimate(parameters, RunEngine.InProcess, 0);
        var perReplication = (estimate.PeakBytes - RunCostCoefficients.RunBytes) / (double)replications;
        Assert.True(perReplication >= allocated / (double)replications, $"estimated {perReplication:F0} B per replication, the engine allocated {allocated / (double)replications:F0}");
        Assert.True(perReplication <= 2 * allocated / (double)replications, $"estimated {perReplication:F0} B per replication, over twice the {allocated / (double)replications:F0} the engine allocated");
    }

    [Fact]
    public void Memory_grows_with_replications_months_firms_delays_and_shards()
    {
        var baseline = RunCostEstimator.OnGrains(Baseline(10_000), 4).PeakBytes;
        Assert.True(RunCostEstimator.OnGrains(Baseline(20_000), 4).PeakBytes > baseline);
        Assert.True(RunCostEstimator.OnGrains(Baseline(10_000, months: 60), 4).PeakBytes > baseline);
        Assert.True(RunCostEstimator.OnGrains(Baseline(10_000, firms: 100), 4).PeakBytes > baseline);
        // Delays no longer cost memory: a cohort's spending is scheduled into the horizon when it starts, so the
        // look-back a delay lengthens is drawn at set-up and not kept.
        Assert.Equal(baseline, RunCostEstimator.OnGrains(Baseline(10_000, 12, 0, "levers.project_delay_months=24"), 4).PeakBytes);
        Assert.True(RunCostEstimator.OnGrains(Baseline(10_000), 400).PeakBytes > baseline);

        // Shards beyond the replications count as one per replication, as the split makes them.
        Assert.Equal(RunCostEstimator.OnGrains(Baseline(10), 10).PeakBytes, RunCostEstimator.OnGrains(Baseline(10), 4_096).PeakBytes);
        Assert.Equal(10, RunCostEstimator.OnGrains(Baseline(10), 4_096).Shards);
    }

    [Fact]
    public void The_worst_cases_of_the_issue_are_tens_of_gigabytes_and_a_small_run_is_not()
    {
        // One anonymous POST took a host down with each of these.
        Assert.True(RunCostEstimator.OnGrains(Baseline(1_000_000, months: 1, firms: 100_000), 4).PeakBytes > 500L << 30);
        Assert.True(RunCostEstimator.OnGrains(Baseline(200_000, firms: 5_000), 4).PeakBytes > 8L << 30);
        // A million replications of a year peaked at 9.2 GB before the engine's state shrank (issue 13); about 5.4 GB now.
        Assert.True(RunCostEstimator.OnGrains(Baseline(1_000_000), 4).PeakBytes > 6L << 30);
        Assert.InRange(RunCostEstimator.OnGrains(Baseline(1_000), 1).PeakBytes, 64L << 20, 128L << 20);
    }

    [Fact]
    public void Max_replications_is_the_largest_count_that_fits()
    {
        var parameters = Parameters(Baseline(1, months: 24, firms: 50));
        var budget = 1L << 30;
        var most = RunCostEstimator.MaxReplications(parameters, RunEngine.Grains, budget, r => Math.Clamp(r / 1000, 1, 4));

        Assert.True(RunCostEstimator.Estimate(Parameters(Baseline(most, 24, 50)), RunEngine.Grains, Math.Clamp(most / 1000, 1, 4)).PeakBytes <= budget);
        Assert.True(RunCostEstimator.Estimate(Parameters(Baseline(most + 1, 24, 50)), RunEngine.Grains, Math.Clamp((most + 1) / 1000, 1, 4)).PeakBytes > budget);
        Assert.Equal(0, RunCostEstimator.MaxReplications(parameters, RunEngine.Grains, RunCostCoefficients.RunBytes, _ => 1));
    }

    [Fact]
    public void A_comparison_holds_both_sides_at_the_replications_of_a()
    {
        var a = Baseline(10_000);
        var b = Baseline(50);
        var both = RunCostEstimator.Comparison(a, b);

        Assert.Equal(2 * RunCostEstimator.InProcess(a).PeakBytes, both.PeakBytes);
        Assert.Equal(20_000, both.Replications);
    }

    [Fact]
    public void The_largest_of_many_runs_is_the_largest_shape_whatever_the_order()
    {
        Scenario[] points = [Baseline(1_000), Baseline(1_000, months: 60), Baseline(1_000, 12, 0, "levers.sgmw_demand_growth=20"), Baseline(500, firms: 10)];
        var largest = RunCostEstimator.Largest(points, RunEngine.Grains, _ => 1);

        Assert.Equal(points.Max(p => RunCostEstimator.OnGrains(p, 1).PeakBytes), largest.PeakBytes);
        Assert.Equal(largest.PeakBytes, RunCostEstimator.Largest(points.Reverse(), RunEngine.Grains, _ => 1).PeakBytes);
    }

    [Fact]
    public void Replication_months_weigh_synthetic_firms_as_extra_entities()
    {
        Assert.Equal(12_000, RunCostEstimator.ReplicationMonths(Baseline(1_000)));
        Assert.Equal(24_000, RunCostEstimator.ReplicationMonths(Baseline(1_000, firms: RunCostEstimator.DistrictEntities)));
    }
}
