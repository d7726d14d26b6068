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
        Assert.Equal(2 * Environment.ProcessorCount, OrleansEngine.DefaultShards(2 * Environment.ProcessorCount * OrleansEngine.MaxShardReplications));

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(10_000_000)]
    public void No_default_shard_sends_a_month_over_a_fraction_of_orleans_message_limit(int replications)
    {
        // A shard's month of reported values crosses silos as one message; Orleans refuses messages over 100 MiB.
        var shards = OrleansEngine.DefaultShards(replications);
        var largest = (long)Math.Ceiling((double)replications / shards) * Model.Engine.SeriesLayout.Count * sizeof(double);
        Assert.True(largest <= 32L << 20, $"{shards} shards of {replications:N0} replications send {largest:N0} B a month each");
    }
}
