using System.Buffers;

namespace LiubeiSim.Aggregation;

/// <summary>
/// Splits replications into shards and puts per-shard results back together. Results are merged by
/// replication index, not by arrival, so the merged vector is the same bits as a single-block run.
/// </summary>
public static class ReplicationBlocks
{
    /// <summary>
    /// Contiguous blocks covering 0..replications−1 in order. shards is clamped to [1, replications];
    /// block sizes differ by at most one, the larger blocks first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">replications is below 1.</exception>
    public static ReplicationBlock[] Split(int replications, int shards)
    {
        if (replications < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(replications), replications, "At least one replication is needed.");
        }

        var count = Math.Clamp(shards, 1, replications);
        var size = replications / count;
        var larger = replications % count;
        var blocks = new ReplicationBlock[count];
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var length = i < larger ? size + 1 : size;
            blocks[i] = new ReplicationBlock(start, length);
            start += length;
        }

        return blocks;
    }

    /// <summary>
    /// Copies each part's values to destination at its block's offset. The blocks must tile
    /// [0, destination.Length) exactly; the order of the list does not matter. Empty blocks are allowed.
    /// Everything is checked before anything is written.
    /// </summary>
    /// <exception cref="ArgumentNullException">parts is null.</exception>
    /// <exception cref="ArgumentException">A part's length differs from its block's count, a block lies outside destination, or blocks overlap or leave a gap.</exception>
    public static void Merge(IReadOnlyList<(ReplicationBlock block, ReadOnlyMemory<double> values)> parts, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var n = parts.Count;
        var starts = ArrayPool<int>.Shared.Rent(n);
        var indices = ArrayPool<int>.Shared.Rent(n);
        try
        {
            for (var i = 0; i < n; i++)
            {
                var (block, values) = parts[i];
                if (block.Start < 0 || block.Count < 0 || block.Start > destination.Length - block.Count)
                {
                    throw new ArgumentException(
                        $"Part {i}: block [{block.Start}, {(long)block.Start + block.Count}) lies outside the {destination.Length} replications.",
                        nameof(parts));
                }

                if (values.Length != block.Count)
                {
                    throw new ArgumentException(
                        $"Part {i}: block {block} has {block.Count} replications but {values.Length} values.", nameof(parts));
                }

                starts[i] = block.Start;
                indices[i] = i;
            }

            // Sorting by start turns the tiling check into one walk. Empty blocks cover nothing and are skipped,
            // which also keeps the unstable sort from mattering when one shares a start with a full block.
            starts.AsSpan(0, n).Sort(indices.AsSpan(0, n));
            var covered = 0;
            for (var k = 0; k < n; k++)
            {
                var block = parts[indices[k]].block;
                if (block.Count == 0)
                {
                    continue;
                }

                if (block.Start != covered)
                {
                    var problem = block.Start < covered ? "overlaps an earlier block" : $"leaves a gap [{covered}, {block.Start})";
                    throw new ArgumentException($"Block {block} {problem}.", nameof(parts));
                }

                covered += block.Count;
            }

            if (covered != destination.Length)
            {
                throw new ArgumentException(
                    $"Blocks cover [0, {covered}) but destination has {destination.Length} replications.", nameof(parts));
            }

            for (var i = 0; i < n; i++)
            {
                var (block, values) = parts[i];
                values.Span.CopyTo(destination.Slice(block.Start, block.Count));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(indices);
        }
    }
}
