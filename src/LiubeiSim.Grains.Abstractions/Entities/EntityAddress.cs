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

    /// <summary>The parts of a shard key made by <see cref="Shard"/>; false for any other string.</summary>
    public static bool TryParseShard(string key, out string runId, out int restart, out int shard, out int generation)
    {
        runId = string.Empty;
        restart = shard = generation = 0;
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || key.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        var run = key.AsSpan(0, slash);
        var block = key.AsSpan(slash + 1);
        var runDot = run.LastIndexOf('.');
        var blockDot = block.IndexOf('.');
        if (runDot <= 0 || blockDot <= 0
            || !int.TryParse(run[(runDot + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out restart)
            || !int.TryParse(block[..blockDot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out shard)
            || !int.TryParse(block[(blockDot + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out generation))
        {
            return false;
        }

        runId = run[..runDot].ToString();
        return true;
    }

    /// <summary>The entity id of a key: everything after the second slash.</summary>
    public static string EntityOf(string key)
    {
        var first = key.IndexOf('/', StringComparison.Ordinal);
        var second = first < 0 ? -1 : key.IndexOf('/', first + 1);
        return second < 0 ? throw new ArgumentException($"'{key}' is not a run-scoped entity key {{run}}/{{shard}}/{{entity}}.", nameof(key)) : key[(second + 1)..];
    }
}
