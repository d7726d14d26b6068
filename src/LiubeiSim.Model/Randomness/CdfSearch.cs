using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LiubeiSim.Model.Randomness;

/// <summary>
/// The inversion loops' search, <c>first k with uniform ≤ cdf[k]</c>, eight entries a compare (four with AVX2, two on
/// 128-bit vectors): a table's count is random, so the loop's exit branch is mispredicted about once a draw, where one
/// compare and a bit scan find the same k. The same comparisons as the loop's, so the same k for every uniform (NaN
/// included: no entry matches).
/// </summary>
internal static class CdfSearch
{
    /// <summary>Entries a table is padded to a multiple of, so every vector load lies inside it.</summary>
    public const int Width = 8;

    /// <summary>A CDF padded with NaN to a multiple of <see cref="Width"/>: a padding entry never matches.</summary>
    public static double[] Padded(ReadOnlySpan<double> cdf)
    {
        var padded = new double[(cdf.Length + Width - 1) / Width * Width];
        cdf.CopyTo(padded);
        padded.AsSpan(cdf.Length).Fill(double.NaN);
        return padded;
    }

    /// <summary>The first k with <paramref name="uniform"/> ≤ <paramref name="padded"/>[k], or the padded length when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FirstAtLeast(double[] padded, double uniform)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(padded);
        if (Vector512.IsHardwareAccelerated)
        {
            var u = Vector512.Create(uniform);
            for (var k = 0; k < padded.Length; k += Vector512<double>.Count)
            {
                var hits = Vector512.LessThanOrEqual(u, Vector512.LoadUnsafe(ref first, (nuint)k)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return k + BitOperations.TrailingZeroCount(hits);
                }
            }

            return padded.Length;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var u = Vector256.Create(uniform);
            for (var k = 0; k < padded.Length; k += Vector256<double>.Count)
            {
                var hits = Vector256.LessThanOrEqual(u, Vector256.LoadUnsafe(ref first, (nuint)k)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return k + BitOperations.TrailingZeroCount(hits);
                }
            }

            return padded.Length;
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var u = Vector128.Create(uniform);
            for (var k = 0; k < padded.Length; k += Vector128<double>.Count)
            {
                var hits = Vector128.LessThanOrEqual(u, Vector128.LoadUnsafe(ref first, (nuint)k)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return k + BitOperations.TrailingZeroCount(hits);
                }
            }

            return padded.Length;
        }

        for (var k = 0; k < padded.Length; k++)
        {
            if (uniform <= padded[k])
            {
                return k;
            }
        }

        return padded.Length;
    }
}
