using Orleans.Runtime;

namespace LiubeiSim.Grains.Tests;

/// <summary>Counting run-scoped activations by key, for the tests of when they come and go.</summary>
internal static class Activations
{
    /// <summary>
    /// Activations (on <paramref name="silos"/>, or anywhere) whose key starts with <paramref name="prefix"/>: a shard key
    /// covers the shard and its entities, <c>{run}.</c> every attempt's shards of a run.
    /// </summary>
    public static async Task<int> CountUnder(IGrainFactory grains, string prefix, SiloAddress[]? silos = null) =>
        (await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(hostsIds: silos))
            .Count(s => s.GrainId.Key.ToString()!.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// Waits, a tenth of a second at a time and at most <paramref name="tries"/> times, until no activation (on
    /// <paramref name="silos"/>, or anywhere) has a key under <paramref name="prefix"/>; returns how many are left.
    /// </summary>
    public static async Task<int> LeftUnder(IGrainFactory grains, string prefix, int tries, CancellationToken cancellationToken, SiloAddress[]? silos = null)
    {
        var left = int.MaxValue;
        for (var attempt = 0; attempt < tries && left > 0; attempt++)
        {
            await Task.Delay(100, cancellationToken);
            left = await CountUnder(grains, prefix, silos);
        }

        return left;
    }

    /// <summary>The shard keys (<c>{run}.{restart}/{shard}.{generation}</c>) of entity keys, distinct and in order.</summary>
    public static string[] ShardsOf(IEnumerable<string> entityKeys) =>
        [.. entityKeys.Select(key => key[..key.IndexOf('/', key.IndexOf('/', StringComparison.Ordinal) + 1)]).Distinct().Order(StringComparer.Ordinal)];
}
