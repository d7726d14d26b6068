using LiubeiSim.Grains.Entities;

namespace LiubeiSim.Grains.Tests;

/// <summary>A shard reads its run, attempt and generation back from its key to ask its run whether it still holds it.</summary>
public sealed class EntityAddressTests
{
    [Theory]
    [InlineData("211bc67dd01c41c49aee36f573caa192", 0, 0, 0)]
    [InlineData("planner.run.v2", 3, 11, 7)]
    public void A_shard_key_reads_back_as_its_parts(string runId, int restart, int shard, int generation)
    {
        Assert.True(EntityAddress.TryParseShard(EntityAddress.Shard(runId, restart, shard, generation), out var r, out var a, out var s, out var g));
        Assert.Equal((runId, restart, shard, generation), (r, a, s, g));
    }

    [Theory]
    [InlineData("")]
    [InlineData("run")]
    [InlineData("run.0")]
    [InlineData("run.0/1")]
    [InlineData("run/1.0")]
    [InlineData("run.x/1.0")]
    [InlineData("run.0/1.-1")]
    [InlineData("run.0/1.0/chain:auto")]
    public void Anything_else_is_not_a_shard_key(string key) =>
        Assert.False(EntityAddress.TryParseShard(key, out _, out _, out _, out _));
}
