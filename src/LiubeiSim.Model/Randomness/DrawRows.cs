using System.Buffers;

namespace LiubeiSim.Model.Randomness;

/// <summary>
/// Rows for one step's batched draws (one row per stream), for a chunk of at most <see cref="Chunk"/> replications of
/// its block at a time, rented for the call from the shared pool, so an entity keeps no draw buffers between months:
/// its memory per replication is only the state that must persist.
/// </summary>
/// <remarks>
/// A step draws and uses one chunk after the other (replications <c>lo</c> to <c>lo + Chunk</c>, the last one
/// shorter). Rows sized to the whole block were large arrays for a large shard (eight rows of 83,334 replications are
/// 5.3 MB, rented as 8 MiB): the shared pool keeps one per thread and size, and a silo steps its entities on many
/// threads, so it dropped and allocated them month after month, garbage on the large-object heap that only a full
/// collection frees, about 100 MB per silo whatever its share of the run.
/// A chunk's rows stay under the large-object threshold and in the core's cache while the step reads them. Draws are
/// counter-based by replication index, so chunks give the same bits as one batch.
/// </remarks>
public readonly ref struct DrawRows
{
    /// <summary>Most replications per chunk: eight rows of 1,024 are 64 KB, under the large-object threshold (85,000 bytes).</summary>
    public const int Chunk = 1024;

    private readonly double[] _rented;
    private readonly int _rows;
    private readonly int _capacity;

    /// <param name="rows">Streams drawn per chunk.</param>
    /// <param name="count">Replications of the block (rows are at most <see cref="Chunk"/> long).</param>
    public DrawRows(int rows, int count)
    {
        _rows = rows;
        _capacity = Math.Min(Math.Max(1, count), Chunk);
        _rented = ArrayPool<double>.Shared.Rent(rows * _capacity);
    }

    /// <summary>Row <paramref name="row"/> for a chunk of <paramref name="length"/> replications (at most <see cref="Chunk"/>).</summary>
    public Span<double> Row(int row, int length)
    {
        // The pool may hand out more than asked: a row past the last would read its leftovers, not fail.
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)_rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _capacity);
        return _rented.AsSpan(row * _capacity, length);
    }

    public void Dispose() => ArrayPool<double>.Shared.Return(_rented);
}
