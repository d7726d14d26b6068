using LiubeiSim.Grains.Engine;

namespace LiubeiSim.Grains.Tests;

public sealed class DefaultShardsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1_000, 1)]
    [InlineData(1_001, 2)]
    [InlineData(2_500, 3)]
    public void Small_runs_get_no_shard_under_a_thousand_replications(int replications, int expected) =>
        Assert.Equal(Math.Min(expected, 2 * Environment.ProcessorCount), OrleansEngine.DefaultShards(replications));

    [Fact]
    public void Large_runs_get_two_shards_per_core() =>
        Assert.Equal(2 * Environment.ProcessorCount, OrleansEngine.DefaultShards(1_000_000));
}
