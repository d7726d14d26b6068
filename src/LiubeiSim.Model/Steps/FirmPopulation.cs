using System.Globalization;
using LiubeiSim.Model.Caching;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// A synthetic population of firms, generated from the seed alone: each firm belongs to a chain (drawn in proportion
/// to the chains' base-year output) and holds a share of its chain's output (Pareto-distributed sizes, normalised
/// within the chain in firm order). Every silo and engine derives the same population from the same scenario.
/// </summary>
public sealed class FirmPopulation
{
    /// <summary>Populations kept at most; a silo runs a few runs at once, while a sweep or a server sees seeds without end.</summary>
    internal const int CacheCapacity = 16;

    /// <summary>Firms kept at most over all cached populations (about 80 bytes each): ten of the largest a scenario may ask for.</summary>
    internal const long CacheMaxFirms = 1_000_000;

    // Bounded, unlike a dictionary per process: evicting costs a regeneration at worst, never a different number.
    private static readonly LruCache<(ulong Seed, int Count, double SizeTail, string Outputs), FirmPopulation> Cache =
        new(CacheCapacity, CacheMaxFirms, key => key.Count);

    public static FirmPopulation None { get; } = new([], [], [], []);

    private FirmPopulation(int[] chain, double[] share, ulong[] keys, string[] ids)
    {
        Chain = chain;
        Share = share;
        Keys = keys;
        Ids = ids;
    }

    public int Count => Chain.Count;

    /// <summary>Chain of each firm.</summary>
    public IReadOnlyList<int> Chain { get; }

    /// <summary>Each firm's share of its chain's output; the shares of a chain's firms add up to 1.</summary>
    public IReadOnlyList<double> Share { get; }

    /// <summary>Random-stream key of each firm.</summary>
    public IReadOnlyList<ulong> Keys { get; }

    /// <summary>Entity id of each firm, <c>firm/&lt;index&gt;</c>.</summary>
    public IReadOnlyList<string> Ids { get; }

    public static string IdOf(int firm) => string.Create(CultureInfo.InvariantCulture, $"firm/{firm}");

    /// <summary>
    /// The population for a seed and size. The most recently used ones are cached per process: every firm activation
    /// of a run builds its run's parameters, and ten thousand of them must not each regenerate ten thousand firms.
    /// </summary>
    public static FirmPopulation For(ulong seed, int count, IReadOnlyList<double> chainOutput0, double sizeTail)
    {
        if (count <= 0)
        {
            return None;
        }

        var outputs = string.Join(',', chainOutput0.Select(o => o.ToString("R", CultureInfo.InvariantCulture)));
        return Cache.GetOrAdd((seed, count, sizeTail, outputs), _ => Generate(seed, count, chainOutput0, sizeTail));
    }

    /// <summary>Populations in the cache now.</summary>
    internal static int CachedCount => Cache.Count;

    /// <summary>Firms held by the cache now.</summary>
    internal static long CachedFirms => Cache.Weight;

    private static FirmPopulation Generate(ulong seed, int count, IReadOnlyList<double> chainOutput0, double sizeTail)
    {
        var total = 0.0;
        foreach (var output in chainOutput0)
        {
            total += output;
        }

        var chain = new int[count];
        var size = new double[count];
        var keys = new ulong[count];
        var ids = new string[count];
        var chainSize = new double[chainOutput0.Count];
        for (var f = 0; f < count; f++)
        {
            ids[f] = IdOf(f);
            keys[f] = EntityKey.Of(ids[f]);

            // Month index −1 and draws 0, 1: the population's own streams, apart from every monthly draw.
            var pick = CounterRandom.Uniform(CounterRandom.StreamKey(seed, keys[f], -1, 0), 0) * total;
            var c = 0;
            while (c < chainOutput0.Count - 1 && pick >= chainOutput0[c])
            {
                pick -= chainOutput0[c];
                c++;
            }

            chain[f] = c;
            size[f] = Math.Pow(CounterRandom.Uniform(CounterRandom.StreamKey(seed, keys[f], -1, 1), 0), -1 / sizeTail);
            chainSize[c] += size[f];
        }

        var share = new double[count];
        for (var f = 0; f < count; f++)
        {
            share[f] = size[f] / chainSize[chain[f]];
        }

        return new FirmPopulation(chain, share, keys, ids);
    }
}
