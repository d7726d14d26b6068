namespace LiubeiSim.Analysis.Design;

/// <summary>
/// Vigna's SplitMix64 generator: a 64-bit counter passed through a fixed mixing function.
/// </summary>
/// <remarks>
/// Ours rather than System.Random because a design must give the same points on every platform and every .NET
/// version, and System.Random's algorithm is not part of its contract. Every operation is integer arithmetic,
/// so the stream is defined bit for bit by the seed.
/// </remarks>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform on [0, 1) with 53 random bits, every value a multiple of 2^-53.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// An integer in [0, n), as the high word of Next()·n. Its bias is below n/2^64 (under 1e-12 for any n a design
    /// uses), and unlike rejection it takes exactly one draw, so the stream position never depends on luck.
    /// </summary>
    public int NextBelow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return (int)Math.BigMul(Next(), (ulong)n, out _);
    }

    /// <summary>Fisher–Yates: a uniformly random permutation of 0 … n − 1, n − 1 draws.</summary>
    public int[] Permutation(int n)
    {
        var permutation = new int[n];
        for (var i = 0; i < n; i++)
        {
            permutation[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = NextBelow(i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }

        return permutation;
    }
}
