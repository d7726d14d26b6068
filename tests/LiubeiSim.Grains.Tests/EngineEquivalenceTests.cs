using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// The design's promise: the in-process engine, one embedded silo at any shard count and a three-silo cluster write
/// the same indicators.csv and targets.csv, byte for byte.
/// </summary>
public sealed class EngineEquivalenceTests(EmbeddedSiloFixture silo, ThreeSiloClusterFixture cluster)
    : IClassFixture<EmbeddedSiloFixture>, IClassFixture<ThreeSiloClusterFixture>
{
    /// <summary>Every built-in scenario: levers, every kind of shock, both base years.</summary>
    public static TheoryData<string> ScenarioNames { get; } = [.. Model.Scenarios.ScenarioLibrary.Names];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Embedded_silo_matches_the_in_process_engine_at_1_2_and_7_shards(string name)
    {
        var scenario = Scenarios.Load(name);
        var reference = InProcessEngine.Run(scenario, blocks: 1, cancellationToken: TestContext.Current.CancellationToken);

        foreach (var shards in new[] { 1, 2, 7 })
        {
            var result = await OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: shards, cancellationToken: TestContext.Current.CancellationToken);
            AssertSameFiles(reference, result, $"{name}, embedded silo, {shards} shard(s)");
            Assert.Equal(OrleansEngine.Name, result.Engine);
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Three_silo_cluster_matches_the_in_process_engine(string name)
    {
        var scenario = Scenarios.Load(name);
        var reference = InProcessEngine.Run(scenario, blocks: 1, cancellationToken: TestContext.Current.CancellationToken);

        var result = await OrleansEngine.RunOnAsync(cluster.Cluster.Client, scenario, shards: 7, cancellationToken: TestContext.Current.CancellationToken);

        AssertSameFiles(reference, result, $"{name}, 3 silos, 7 shards");
    }

    [Theory]
    [InlineData((2 * ShardParts.Replications) + 3, 12)]
    [InlineData((2 * ShardParts.Replications) + 1, 13)]
    public async Task A_shard_larger_than_a_part_steps_it_part_by_part_with_the_same_bits(int replications, int months)
    {
        // One shard of three parts (the first a replication longer: the other two share each entity's contribution),
        // and one over 13 months, where the district keeps 12-month windows instead of running sums. Every part writes
        // into the shard's one array of values.
        Assert.True(ShardParts.Of(new Aggregation.ReplicationBlock(0, replications)).Length > 1, "the shard has several parts");
        var scenario = Scenarios.Load("sgmw-125-boost").WithReplications(replications) with { Months = months };
        var reference = InProcessEngine.Run(scenario, cancellationToken: TestContext.Current.CancellationToken);

        var result = await OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 1, cancellationToken: TestContext.Current.CancellationToken);

        AssertSameFiles(reference, result, $"{replications} replications, {months} months, one shard");
    }

    [Fact]
    public async Task On_three_silos_a_run_above_the_cluster_threshold_keeps_its_values_with_the_shards()
    {
        // The fixture lowers only Runs:GatherInClusterAtMost (to 100): the run spreads because it saw three silos.
        cluster.CensusesAnswered.Value = 0;
        var scenario = Scenarios.Load("baseline-2023");
        var reference = InProcessEngine.Run(scenario, blocks: 1, cancellationToken: TestContext.Current.CancellationToken);

        var result = await OrleansEngine.RunOnAsync(cluster.Cluster.Client, scenario, shards: 5, cancellationToken: TestContext.Current.CancellationToken);

        AssertSameFiles(reference, result, "baseline-2023, 3 silos, 5 shards, spread");
        Assert.True(Volatile.Read(ref cluster.CensusesAnswered.Value) >= 5 * scenario.Months, $"censuses answered: {cluster.CensusesAnswered.Value}");
    }

    [Fact]
    public async Task On_three_silos_shards_of_several_parts_keep_their_values_with_the_same_bits()
    {
        // Above the cluster threshold, so the shards keep their values and answer rounds of counts across silos.
        cluster.CensusesAnswered.Value = 0;
        var scenario = Scenarios.Load("baseline-2023").WithReplications((2 * ShardParts.Replications) + 5);
        var reference = InProcessEngine.Run(scenario, cancellationToken: TestContext.Current.CancellationToken);

        var result = await OrleansEngine.RunOnAsync(cluster.Cluster.Client, scenario, shards: 2, cancellationToken: TestContext.Current.CancellationToken);

        AssertSameFiles(reference, result, "baseline-2023, 3 silos, 2 shards of 2 parts each, spread");
        Assert.True(Volatile.Read(ref cluster.CensusesAnswered.Value) >= 2 * scenario.Months, $"censuses answered: {cluster.CensusesAnswered.Value}");
    }

    [Fact]
    public async Task On_three_silos_each_shard_keeps_its_entities_on_one_silo_and_shards_spread_out()
    {
        cluster.SiloOfActivation.Clear();
        var scenario = Scenarios.Load("baseline-2023");

        await OrleansEngine.RunOnAsync(cluster.Cluster.Client, scenario, shards: 12, cancellationToken: TestContext.Current.CancellationToken);

        // Keys are {run}/{shard}/{entity}: group by {run}/{shard}.
        var shards = cluster.SiloOfActivation
            .GroupBy(a => string.Join('/', a.Key.Split('/').Take(2)))
            .ToList();
        Assert.Equal(12, shards.Count);
        foreach (var shard in shards)
        {
            Assert.True(shard.Count() == 6 + 14 + 7 + 6 + 1, $"shard {shard.Key} stepped {shard.Count()} entities");
            Assert.True(shard.Select(a => a.Value).Distinct().Count() == 1, $"shard {shard.Key} is spread over silos: {string.Join(", ", shard.Select(a => a.Value).Distinct())}");
        }

        // Dealt round the silos in turn (ShardSpreadPlacement): four each, so each silo holds a third of the run.
        var perSilo = shards.GroupBy(s => s.First().Value).Select(g => g.Count()).Order().ToArray();
        Assert.True(perSilo.SequenceEqual([4, 4, 4]), $"shards per silo: {string.Join(", ", perSilo)}");
    }

    [Fact]
    public async Task On_three_silos_a_failing_entity_fails_the_run_naming_entity_and_month()
    {
        var scenario = Scenarios.Load("baseline-2023");
        cluster.FailAt(("metal_recycling_park", 6));
        try
        {
            var failure = await Assert.ThrowsAsync<SimulationFailedException>(() =>
                OrleansEngine.RunOnAsync(cluster.Cluster.Client, scenario, shards: 7, cancellationToken: TestContext.Current.CancellationToken)
                    .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

            TestContext.Current.SendDiagnosticMessage(failure.Message);
            Assert.Contains("metal_recycling_park", failure.Message, StringComparison.Ordinal);
            Assert.Contains(scenario.Start.AddMonths(6).ToString(), failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            cluster.FailAt(null);
        }
    }

    [Fact]
    public async Task Own_silo_run_reports_the_engine_and_separates_silo_start_up_from_simulation()
    {
        var scenario = Scenarios.Load("baseline-2023");
        var reference = InProcessEngine.Run(scenario, blocks: 1, cancellationToken: TestContext.Current.CancellationToken);

        var result = await OrleansEngine.RunAsync(scenario, shards: 3, cancellationToken: TestContext.Current.CancellationToken);

        AssertSameFiles(reference, result, "baseline-2023, own embedded silo, 3 shards");
        Assert.Equal("orleans", result.Engine);
        Assert.True(result.Timings.StartupSeconds > 0, "silo start-up time is reported");
        Assert.True(result.Timings.SimulationSeconds > 0, "simulation time is reported");
        Assert.Contains("\"engine\": \"orleans\"", RunReport.Summary(result), StringComparison.Ordinal);
    }

    private static void AssertSameFiles(RunResult expected, RunResult actual, string what)
    {
        Assert.True(RunReport.IndicatorsCsv(expected) == RunReport.IndicatorsCsv(actual), $"indicators.csv differs: {what}");
        Assert.True(RunReport.TargetsCsv(expected) == RunReport.TargetsCsv(actual), $"targets.csv differs: {what}");
    }
}
