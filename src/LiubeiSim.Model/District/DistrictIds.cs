namespace LiubeiSim.Model.District;

/// <summary>
/// The ids of the district's entities, read from the embedded base-year dataset (entities of each kind in file order).
/// The order of each list is the fixed order of every sum; adding a chain, project or town is a change to the data.
/// </summary>
public static class DistrictIds
{
    public const string District = "liubei";

    /// <summary>The "1+1+3" chains (I1..I5) and the remainder that makes chains add up to the district.</summary>
    public static IReadOnlyList<string> Chains { get; } = IdsOf(EntityKind.Chain);

    public static IReadOnlyList<string> Towns { get; } = IdsOf(EntityKind.Town);

    public static IReadOnlyList<string> Projects { get; } = IdsOf(EntityKind.Project);

    public static int ChainIndex(string id) => IndexOf(Chains, id);

    public static int TownIndex(string id) => IndexOf(Towns, id);

    /// <summary>Position of an id in one of the lists above (ordinal), or -1.</summary>
    public static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string[] IdsOf(EntityKind kind) => BaseYearDataset.Default.OfKind(kind).Select(e => e.Id).ToArray();
}
