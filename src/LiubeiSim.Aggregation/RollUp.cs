namespace LiubeiSim.Aggregation;

/// <summary>
/// Rolls entity-level vectors over replications up to district or group level.
/// An entity matrix is entity-major: E × R values, entity e's vector at [e·R, (e+1)·R).
/// R is taken from the destination.
/// </summary>
/// <remarks>
/// Every replication's total is accumulated from 0.0 by adding entities in increasing e, which is
/// exactly <see cref="FixedOrderSum.Sum"/> over that replication's column. Replications never mix,
/// so the result for replication r is the same whether R replications came in one block or in shards.
/// </remarks>
public static class RollUp
{
    /// <summary>destination[r] = Σ_e entityMajor[e·R + r], adding e = 0, 1, ... onto 0.0; R = destination.Length.</summary>
    /// <exception cref="ArgumentException">The matrix is not entities × R, or destination overlaps it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="entities"/> is negative.</exception>
    public static void Sum(ReadOnlySpan<double> entityMajor, int entities, Span<double> destination)
    {
        Guard.NotNegative(entities, nameof(entities));
        var replications = destination.Length;
        Guard.MatrixLength(entityMajor.Length, entities, replications, nameof(entityMajor), "entities", "replications");
        Guard.NoOverlap(entityMajor, destination, nameof(entityMajor));

        // Entity-outer keeps each replication's additions in increasing e while streaming rows contiguously.
        destination.Clear();
        for (var e = 0; e < entities; e++)
        {
            AddRow(entityMajor.Slice(e * replications, replications), destination);
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
        for (var e = 0; e < entities; e++)
        {
            var g = groupOfEntity[e];
            if (g >= 0)
            {
                AddRow(entityMajor.Slice(e * replications, replications), destination.Slice(g * replications, replications));
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

        AddRow(source, destination);
    }

    /// <summary>values[i] *= factor for every i.</summary>
    public static void Scale(Span<double> values, double factor)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    private static void AddRow(ReadOnlySpan<double> row, Span<double> destination)
    {
        for (var r = 0; r < destination.Length; r++)
        {
            destination[r] += row[r];
        }
    }
}
