using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LiubeiSim.Aggregation;

/// <summary>
/// Rolls entity-level vectors over replications up to district or group level.
/// An entity matrix is entity-major: E × R values, entity e's vector at [e·R, (e+1)·R).
/// R is taken from the destination.
/// </summary>
/// <remarks>
/// <para>
/// Every replication's total is accumulated from 0.0 by adding entities in increasing e, which is
/// exactly <see cref="FixedOrderSum.Sum"/> over that replication's column. Replications never mix,
/// so the result for replication r is the same whether R replications came in one block or in shards.
/// </para>
/// <para>
/// The loops are vectorised across replications, never across entities: each SIMD lane is one
/// replication and still sees the additions one entity at a time, in increasing e, so the bits equal the
/// scalar loop's. The destination is walked in tiles small enough to stay in L1 while every entity's
/// slice of the tile streams past, so a matrix larger than the cache is read from memory once.
/// </para>
/// </remarks>
public static class RollUp
{
    /// <summary>
    /// Replications per tile: 128 KiB of destination, which stays in L2 (1 MiB here) while every entity's slice streams
    /// past. Long slices keep the hardware prefetchers running ahead of four streams; L1-sized tiles (8 KiB slices)
    /// left the roll-up of an 80 MB matrix at about 0.6 of the memory-bandwidth loop, whole 80 KiB rows at 0.8 to 1.
    /// </summary>
    private const int Tile = 16384;

    /// <summary>destination[r] = Σ_e entityMajor[e·R + r], adding e = 0, 1, ... onto 0.0; R = destination.Length.</summary>
    /// <exception cref="ArgumentException">The matrix is not entities × R, or destination overlaps it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="entities"/> is negative.</exception>
    public static void Sum(ReadOnlySpan<double> entityMajor, int entities, Span<double> destination)
    {
        Guard.NotNegative(entities, nameof(entities));
        var replications = destination.Length;
        Guard.MatrixLength(entityMajor.Length, entities, replications, nameof(entityMajor), "entities", "replications");
        Guard.NoOverlap(entityMajor, destination, nameof(entityMajor));

        ref var matrix = ref MemoryMarshal.GetReference(entityMajor);
        for (var start = 0; start < replications; start += Tile)
        {
            var tile = destination.Slice(start, Math.Min(Tile, replications - start));

            // 0.0 first, as the reference does: 0.0 + (−0.0) is +0.0, so copying the first row instead would differ.
            tile.Clear();
            var e = 0;
            for (; e + 4 <= entities; e += 4)
            {
                var row = (nint)e * replications + start;
                AddFourRows(
                    ref Unsafe.Add(ref matrix, row),
                    ref Unsafe.Add(ref matrix, row + replications),
                    ref Unsafe.Add(ref matrix, row + (2 * (nint)replications)),
                    ref Unsafe.Add(ref matrix, row + (3 * (nint)replications)),
                    tile);
            }

            for (; e < entities; e++)
            {
                AddRow(ref Unsafe.Add(ref matrix, (nint)e * replications + start), tile);
            }
        }
    }

    /// <summary>
    /// Per-group totals: destination is groups × R (group-major), group g's vector is the sum, in increasing e
    /// from 0.0, of the entities with groupOfEntity[e] == g. Entities with group −1 belong to no group and are skipped.
    /// R = destination.Length / groups (or, with no groups, entityMajor.Length / entities).
    /// </summary>
    /// <exception cref="ArgumentException">Sizes do not agree, or destination overlaps the input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A group index is below −1 or not below <paramref name="groups"/>, or groups is negative.</exception>
    public static void SumByGroup(ReadOnlySpan<double> entityMajor, ReadOnlySpan<int> groupOfEntity, int groups, Span<double> destination)
    {
        Guard.NotNegative(groups, nameof(groups));
        var entities = groupOfEntity.Length;
        var replications = groups > 0
            ? Guard.RowLength(destination.Length, groups, nameof(destination), "groups")
            : Guard.RowLength(entityMajor.Length, entities, nameof(entityMajor), "entities");
        Guard.MatrixLength(destination.Length, groups, replications, nameof(destination), "groups", "replications");
        Guard.MatrixLength(entityMajor.Length, entities, replications, nameof(entityMajor), "entities", "replications");
        Guard.NoOverlap(entityMajor, destination, nameof(entityMajor));

        // Validate every index before writing, so a bad map leaves destination untouched.
        for (var e = 0; e < entities; e++)
        {
            var g = groupOfEntity[e];
            if (g < -1 || g >= groups)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(groupOfEntity), g, $"Entity {e} has group {g}; groups are 0..{groups - 1}, or −1 for none.");
            }
        }

        destination.Clear();
        ref var matrix = ref MemoryMarshal.GetReference(entityMajor);

        // Tiled like Sum: every group's tile stays cached while the entities' slices stream through once.
        for (var start = 0; start < replications; start += Tile)
        {
            var length = Math.Min(Tile, replications - start);
            for (var e = 0; e < entities; e++)
            {
                var g = groupOfEntity[e];
                if (g >= 0)
                {
                    AddRow(ref Unsafe.Add(ref matrix, (nint)e * replications + start), destination.Slice((g * replications) + start, length));
                }
            }
        }
    }

    /// <summary>destination[i] += source[i] for every i.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or the spans partly overlap (the very same span is allowed).</exception>
    public static void AddInto(ReadOnlySpan<double> source, Span<double> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException(
                $"source has {source.Length} values but destination has {destination.Length}.", nameof(destination));
        }

        // A shifted overlap would make the result depend on loop direction and vector width.
        if (source.Overlaps(destination, out var offset) && offset != 0)
        {
            throw new ArgumentException("source and destination partly overlap.", nameof(destination));
        }

        AddRow(ref MemoryMarshal.GetReference(source), destination);
    }

    /// <summary>values[i] *= factor for every i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(Span<double> values, double factor)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        var n = (nuint)values.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated && n >= (nuint)Vector<double>.Count)
        {
            var f = new Vector<double>(factor);
            for (; i + (nuint)Vector<double>.Count <= n; i += (nuint)Vector<double>.Count)
            {
                (Vector.LoadUnsafe(ref v, i) * f).StoreUnsafe(ref v, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref v, i) *= factor;
        }
    }

    /// <summary>destination[i] += row[i]; row holds at least destination.Length values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRow(ref double row, Span<double> destination)
    {
        ref var d = ref MemoryMarshal.GetReference(destination);
        var n = (nuint)destination.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector<double>.Count <= n; i += (nuint)Vector<double>.Count)
            {
                (Vector.LoadUnsafe(ref d, i) + Vector.LoadUnsafe(ref row, i)).StoreUnsafe(ref d, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) += Unsafe.Add(ref row, i);
        }
    }

    /// <summary>
    /// destination[i] = (((destination[i] + a[i]) + b[i]) + c[i]) + d[i]: four entities in order per pass, so the
    /// destination is loaded and stored once for every four rows instead of once per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddFourRows(ref double a, ref double b, ref double c, ref double d, Span<double> destination)
    {
        ref var t = ref MemoryMarshal.GetReference(destination);
        var n = (nuint)destination.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector<double>.Count <= n; i += (nuint)Vector<double>.Count)
            {
                var sum = Vector.LoadUnsafe(ref t, i) + Vector.LoadUnsafe(ref a, i);
                sum += Vector.LoadUnsafe(ref b, i);
                sum += Vector.LoadUnsafe(ref c, i);
                sum += Vector.LoadUnsafe(ref d, i);
                sum.StoreUnsafe(ref t, i);
            }
        }

        for (; i < n; i++)
        {
            var sum = Unsafe.Add(ref t, i) + Unsafe.Add(ref a, i);
            sum += Unsafe.Add(ref b, i);
            sum += Unsafe.Add(ref c, i);
            sum += Unsafe.Add(ref d, i);
            Unsafe.Add(ref t, i) = sum;
        }
    }
}
