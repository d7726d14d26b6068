using System.Runtime.CompilerServices;

namespace LiubeiSim.Model.Randomness;

/// <summary>
/// Counter-based random numbers: every draw is a pure function of (seed, replication, entity, month, draw).
/// Any silo, shard or thread that asks for the same key gets the same number, so results never depend on
/// placement or on the order in which entities are stepped.
/// </summary>
public static class CounterRandom
{
    private const double TwoPowMinus53 = 1.0 / (1UL << 53);

    /// <summary>SplitMix64's finaliser: a bijective 64-bit mixer with full avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The key of one entity's stream for one month and draw; replications are added by <see cref="Bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong StreamKey(ulong seed, ulong entityKey, int month, int draw)
    {
        var k = Mix(seed ^ 0x9E3779B97F4A7C15UL);
        k = Mix(k ^ entityKey);
        k = Mix(k ^ (((ulong)(uint)month << 32) | (uint)draw));
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(ulong streamKey, int replication) => Mix(streamKey + (0x9E3779B97F4A7C15UL * ((ulong)(uint)replication + 1)));

    /// <summary>A uniform double in the open interval (0, 1), never 0 or 1, so logs and inverse CDFs stay finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(ulong streamKey, int replication) => ((Bits(streamKey, replication) >> 11) + 0.5) * TwoPowMinus53;

    public static double Normal(ulong streamKey, int replication) => Distributions.InverseNormal(Uniform(streamKey, replication));
}
