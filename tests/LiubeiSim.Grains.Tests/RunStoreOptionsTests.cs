using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Grains.Tests;

/// <summary>When a run gathers its values where it runs, and when it leaves them with its shards.</summary>
public sealed class RunStoreOptionsTests
{
    [Theory]
    [InlineData(1, 100_000, true)]
    [InlineData(1, 131_072, true)]
    [InlineData(1, 131_073, false)]
    [InlineData(2, 16_384, true)]
    [InlineData(2, 16_385, false)]
    [InlineData(3, 100_000, false)]
    [InlineData(0, 100_000, true)]
    public void A_run_gathers_on_one_silo_up_to_GatherAtMost_and_in_a_cluster_up_to_GatherInClusterAtMost(int activeSilos, int replications, bool gathers)
    {
        var spread = new RunStoreOptions().SpreadOn(activeSilos);

        Assert.Equal(gathers, spread.Stride(replications) == 1);
    }

    [Fact]
    public void The_lower_of_the_two_thresholds_holds_in_a_cluster()
    {
        var options = new RunStoreOptions { GatherAtMost = 1_000, GatherInClusterAtMost = 16_384 };

        Assert.Equal(1_000, options.SpreadOn(3).GatherAtMost);
        Assert.Equal(1_000, options.SpreadOn(1).GatherAtMost);
        Assert.Equal(options.Spread, options.SpreadOn(1));
    }

    [Fact]
    public void The_spread_settings_carry_over_whatever_the_silos()
    {
        var options = new RunStoreOptions { SpreadSample = 123, SpreadValuesAtMost = 45 };

        foreach (var silos in new[] { 1, 3 })
        {
            var spread = options.SpreadOn(silos);
            Assert.Equal(123, spread.Sample);
            Assert.Equal(45, spread.Selection!.ValuesAtMost);
        }

        Assert.Equal(SpreadOptions.DefaultGatherAtMost, options.SpreadOn(1).GatherAtMost);
    }
}
