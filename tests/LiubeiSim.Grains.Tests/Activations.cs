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

    /// <summary>The shard keys (<c>{run}.{restart}/{shard}.{generation}</c>) of entity keys, distinct and in order.</summary>
    public static string[] ShardsOf(IEnumerable<string> entityKeys) =>
        [.. entityKeys.Select(key => key[..key.IndexOf('/', key.IndexOf('/', StringComparison.Ordinal) + 1)]).Distinct().Order(StringComparer.Ordinal)];
}
