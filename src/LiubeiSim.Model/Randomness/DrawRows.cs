using System.Buffers;

namespace LiubeiSim.Model.Randomness;

/// <summary>
/// Rows for one step's batched draws over a block (one row per stream), rented for the call from the shared pool,
/// whose per-thread caches make that cheap, so an entity keeps no draw buffers between months: its memory per
/// replication is only the state that must persist.
/// </summary>
public readonly ref struct DrawRows
{
    private readonly double[] _rented;
    private readonly int _count;

    public DrawRows(int rows, int count)
    {
        _count = count;
        _rented = ArrayPool<double>.Shared.Rent(Math.Max(1, rows * count));
    }

    /// <summary>Row <paramref name="row"/>: one value per replication of the block.</summary>
    public Span<double> this[int row] => _rented.AsSpan(row * _count, _count);

    public void Dispose() => ArrayPool<double>.Shared.Return(_rented);
}
