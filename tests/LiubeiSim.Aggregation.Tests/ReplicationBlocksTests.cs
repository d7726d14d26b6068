using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

public class ReplicationBlocksTests
{
    [Fact]
    public void Split_puts_larger_blocks_first()
    {
        Assert.Equal([new(0, 4), new(4, 3), new(7, 3)], ReplicationBlocks.Split(10, 3));
        Assert.Equal([new(0, 5), new(5, 5)], ReplicationBlocks.Split(10, 2));
    }

    [Fact]
    public void Split_clamps_shards()
    {
        Assert.Equal([new(0, 1), new(1, 1), new(2, 1)], ReplicationBlocks.Split(3, 10));
        Assert.Equal([new ReplicationBlock(0, 7)], ReplicationBlocks.Split(7, 0));
        Assert.Equal([new ReplicationBlock(0, 7)], ReplicationBlocks.Split(7, -3));
    }

    [Fact]
    public void Split_rejects_no_replications()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicationBlocks.Split(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicationBlocks.Split(-5, 1));
    }

    [Fact]
    public void Block_end_is_start_plus_count() => Assert.Equal(9, new ReplicationBlock(4, 5).End);

    [Fact]
    public void Split_is_contiguous_ordered_and_balanced() =>
        Gen.Select(Gen.Int[1, 2000], Gen.Int[-5, 3000]).Sample((replications, shards) =>
        {
            var blocks = ReplicationBlocks.Split(replications, shards);
            Assert.Equal(Math.Clamp(shards, 1, replications), blocks.Length);
            var next = 0;
            foreach (var block in blocks)
            {
                Assert.Equal(next, block.Start);
                Assert.True(block.Count >= 1);
                next = block.End;
            }

            Assert.Equal(replications, next);
            Assert.True(blocks[0].Count - blocks[^1].Count <= 1);
            for (var i = 1; i < blocks.Length; i++)
            {
                Assert.True(blocks[i - 1].Count >= blocks[i].Count);
            }
        });

    private static (ReplicationBlock, ReadOnlyMemory<double>) Part(int start, params double[] values) =>
        (new ReplicationBlock(start, values.Length), values);

    [Fact]
    public void Merge_places_parts_by_block_in_any_list_order()
    {
        var destination = new double[5];
        ReplicationBlocks.Merge([Part(3, 3, 4), Part(0, 0, 1, 2)], destination);
        Assert.Equal([0.0, 1.0, 2.0, 3.0, 4.0], destination);
    }

    [Fact]
    public void Merge_allows_empty_blocks()
    {
        var destination = new double[2];
        ReplicationBlocks.Merge([Part(2), Part(1, 9), Part(1), Part(0, 8), Part(0)], destination);
        Assert.Equal([8.0, 9.0], destination);
    }

    [Fact]
    public void Merge_rejects_gaps_overlaps_and_bad_parts_without_writing()
    {
        var destination = new[] { 7.0, 7.0, 7.0, 7.0 };
        var gap = Assert.Throws<ArgumentException>(() => ReplicationBlocks.Merge([Part(0, 1), Part(2, 1, 2)], destination));
        Assert.Contains("gap", gap.Message, StringComparison.Ordinal);
        var overlap = Assert.Throws<ArgumentException>(() => ReplicationBlocks.Merge([Part(0, 1, 2), Part(1, 1, 2, 3)], destination));
        Assert.Contains("overlap", overlap.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ReplicationBlocks.Merge([Part(0, 1, 2), Part(2, 1)], destination));
        Assert.Throws<ArgumentException>(() => ReplicationBlocks.Merge([Part(0, 1, 2), Part(2, 1, 2, 3)], destination));
        Assert.Throws<ArgumentException>(() => ReplicationBlocks.Merge([Part(-1, 1), Part(0, 1, 2, 3, 4)], destination));
        Assert.Throws<ArgumentException>(
            () => ReplicationBlocks.Merge([(new ReplicationBlock(0, 4), new double[3])], destination));
        Assert.Throws<ArgumentException>(
            () => ReplicationBlocks.Merge([(new ReplicationBlock(0, -1), Array.Empty<double>()), Part(0, 1, 2, 3, 4)], destination));
        Assert.Throws<ArgumentNullException>(() => ReplicationBlocks.Merge(null!, destination));
        Assert.Equal([7.0, 7.0, 7.0, 7.0], destination);
    }

    [Fact]
    public void Merge_of_any_split_in_any_order_restores_the_vector() =>
        (from values in Generators.Vector
         from shards in Gen.Int[1, values.Length + 2]
         from order in Gen.Shuffle(Enumerable.Range(0, Math.Min(shards, values.Length)).ToArray())
         select (values, shards, order))
        .Sample((values, shards, order) =>
        {
            var blocks = ReplicationBlocks.Split(values.Length, shards);
            var parts = order
                .Select(i => (blocks[i], new ReadOnlyMemory<double>(values, blocks[i].Start, blocks[i].Count)))
                .ToList();
            var merged = new double[values.Length];
            ReplicationBlocks.Merge(parts, merged);
            Bits.Equal(values, merged);
        });
}
