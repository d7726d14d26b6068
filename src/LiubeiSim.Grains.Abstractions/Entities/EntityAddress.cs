namespace LiubeiSim.Grains.Entities;

/// <summary>Run-scoped activations are keyed <c>{run}/{shard}/{entity}</c>; entity ids may hold a slash (<c>pipeline/services</c>).</summary>
public static class EntityAddress
{
    public static string Shard(string runId, int shard) => $"{runId}/{shard}";

    public static string Entity(string runId, int shard, string entity) => $"{runId}/{shard}/{entity}";

    /// <summary>The entity id of a key: everything after the second slash.</summary>
    public static string EntityOf(string key)
    {
        var first = key.IndexOf('/', StringComparison.Ordinal);
        var second = first < 0 ? -1 : key.IndexOf('/', first + 1);
        return second < 0 ? throw new ArgumentException($"'{key}' is not a run-scoped entity key {{run}}/{{shard}}/{{entity}}.", nameof(key)) : key[(second + 1)..];
    }
}
