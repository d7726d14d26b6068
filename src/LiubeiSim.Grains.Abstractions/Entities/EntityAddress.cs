namespace LiubeiSim.Grains.Entities;

/// <summary>
/// Run-scoped activations are keyed <c>{run}.{restart}/{shard}.{generation}/{entity}</c>: a run started again after
/// losing its grain, or a shard recomputed after losing its silo, gets keys of its own, so it never meets an activation
/// left at another month. Entity ids may hold a slash (<c>pipeline/services</c>).
/// </summary>
public static class EntityAddress
{
    public static string Shard(string runId, int restart, int shard, int generation) => $"{runId}.{restart}/{shard}.{generation}";

    public static string Entity(string shardKey, string entity) => $"{shardKey}/{entity}";

    /// <summary>The entity id of a key: everything after the second slash.</summary>
    public static string EntityOf(string key)
    {
        var first = key.IndexOf('/', StringComparison.Ordinal);
        var second = first < 0 ? -1 : key.IndexOf('/', first + 1);
        return second < 0 ? throw new ArgumentException($"'{key}' is not a run-scoped entity key {{run}}/{{shard}}/{{entity}}.", nameof(key)) : key[(second + 1)..];
    }
}
