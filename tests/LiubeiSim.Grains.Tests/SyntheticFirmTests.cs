using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// Synthetic firms as grains (one per firm per shard) give the in-process engine's bytes, on one silo and on three,
/// where the scenario's firm count has to survive serialization to reach the shards on other silos.
/// </summary>
public sealed class SyntheticFirmTests(EmbeddedSiloFixture silo, ThreeSiloClusterFixture cluster)
    : IClassFixture<EmbeddedSiloFixture>, IClassFixture<ThreeSiloClusterFixture>
{
    [Fact]
    public async Task Firm_grains_match_the_in_process_engine_on_one_and_three_silos()
    {
        var scenario = Scenarios.Load("sgmw-125-boost").WithReplications(40).WithSyntheticFirms(120);
        var reference = InProcessEngine.Run(scenario, blocks: 1, cancellationToken: TestContext.Current.CancellationToken);
        var plain = InProcessEngine.Run(scenario.WithSyntheticFirms(0), blocks: 1, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEqual(RunReport.IndicatorsCsv(plain), RunReport.IndicatorsCsv(reference));

        var embedded = await OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 3, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(RunReport.IndicatorsCsv(reference), RunReport.IndicatorsCsv(embedded));
        Assert.Equal(RunReport.TargetsCsv(reference), RunReport.TargetsCsv(embedded));

        var spread = await OrleansEngine.RunOnAsync(cluster.Cluster.Client, scenario, shards: 5, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(RunReport.IndicatorsCsv(reference), RunReport.IndicatorsCsv(spread));
    }

    [Fact]
    public async Task Firm_grains_step_a_shard_of_several_parts_with_the_in_process_engine_s_bits()
    {
        // A firm's contribution is one channel; each firm grain keeps one per part size and steps each part in turn.
        var scenario = Scenarios.Load("sgmw-125-boost").WithReplications(ShardParts.Replications + 7).WithSyntheticFirms(12);
        var reference = InProcessEngine.Run(scenario, cancellationToken: TestContext.Current.CancellationToken);

        var result = await OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunReport.IndicatorsCsv(reference), RunReport.IndicatorsCsv(result));
        Assert.Equal(RunReport.TargetsCsv(reference), RunReport.TargetsCsv(result));
    }
}
