using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Model.Tests.Engine;

public sealed class ShardPartsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(17, ShardParts.Replications)]
    [InlineData(100, ShardParts.Replications + 1)]
    [InlineData(250_000, 83_334)]
    [InlineData(3, (3 * ShardParts.Replications) + 5)]
    public void Parts_tile_the_block_in_order_none_above_the_largest(int start, int count)
    {
        var block = new ReplicationBlock(start, count);
        var parts = ShardParts.Of(block);

        Assert.Equal((count + ShardParts.Replications - 1) / ShardParts.Replications, parts.Length);
        Assert.Equal(start, parts[0].Start);
        Assert.Equal(block.End, parts[^1].End);
        for (var i = 1; i < parts.Length; i++)
        {
            Assert.Equal(parts[i - 1].End, parts[i].Start);
        }

        Assert.All(parts, part => Assert.InRange(part.Count, 1, ShardParts.Replications));
        Assert.InRange(parts.Max(p => p.Count) - parts.Min(p => p.Count), 0, 1);
    }
}
