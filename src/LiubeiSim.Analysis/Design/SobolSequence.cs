using System.Numerics;

namespace LiubeiSim.Analysis.Design;

/// <summary>
/// The Sobol low-discrepancy sequence in [0, 1)^d, d ≤ <see cref="MaxDimension"/>, with Joe and Kuo's direction
/// numbers (new-joe-kuo-6.21201); the first dimension is van der Corput's sequence in base 2.
/// </summary>
/// <remarks>
/// <para>
/// Antonov and Saleev's Gray-code construction with 52-bit direction numbers: point n is point n − 1 with the
/// direction number of the lowest set bit of n XORed in, so each point costs one XOR per dimension and every
/// coordinate is an exact multiple of 2^-52. The first 2^32 points equal those of 32-bit implementations.
/// </para>
/// <para>
/// The origin, point 0, is skipped as usual: <see cref="Next"/> starts at point 1, (0.5, 0.5, …). For any k the
/// origin and the first 2^k − 1 points together put exactly one point in each interval [i/2^k, (i+1)/2^k) of every
/// coordinate.
/// </para>
/// </remarks>
public sealed class SobolSequence
{
    /// <summary>The largest dimension with direction numbers here.</summary>
    public const int MaxDimension = 64;

    private const int Bits = 52;
    private const double Resolution = 1.0 / (1UL << Bits);

    private readonly ulong[][] directions;
    private readonly ulong[] state;
    private ulong index;

    /// <param name="dimension">Number of coordinates, 1 to <see cref="MaxDimension"/>.</param>
    public SobolSequence(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, MaxDimension);
        Dimension = dimension;
        directions = [.. Enumerable.Range(1, dimension).Select(DirectionNumbers)];
        state = new ulong[dimension];
    }

    /// <summary>Number of coordinates of each point.</summary>
    public int Dimension { get; }

    /// <summary>The next point, a fresh array; the first call gives point 1.</summary>
    /// <exception cref="InvalidOperationException">All 2^52 − 1 points have been produced.</exception>
    public double[] Next()
    {
        if (index == (1UL << Bits) - 1)
        {
            throw new InvalidOperationException("The Sobol sequence has produced all of its 2^52 − 1 points.");
        }

        index++;
        var bit = BitOperations.TrailingZeroCount(index);
        var point = new double[Dimension];
        for (var d = 0; d < Dimension; d++)
        {
            state[d] ^= directions[d][bit];
            point[d] = state[d] * Resolution;
        }

        return point;
    }

    /// <summary>The first <paramref name="count"/> points (from point 1) of the sequence in <paramref name="dimension"/> dimensions.</summary>
    public static double[][] Points(int dimension, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var sequence = new SobolSequence(dimension);
        var points = new double[count][];
        for (var i = 0; i < count; i++)
        {
            points[i] = sequence.Next();
        }

        return points;
    }

    /// <summary>v_1 … v_52 of a dimension (1-based) as integers scaled by 2^52, by the Bratley–Fox recurrence.</summary>
    private static ulong[] DirectionNumbers(int dimension)
    {
        var v = new ulong[Bits];
        if (dimension == 1)
        {
            // Van der Corput: every m_i is 1, so v_i = 2^-i.
            for (var i = 0; i < Bits; i++)
            {
                v[i] = 1UL << (Bits - 1 - i);
            }

            return v;
        }

        var row = JoeKuoDirectionNumbers.Rows[dimension - 2];
        var degree = row[0];
        var coefficients = row[1];
        for (var i = 0; i < Bits; i++)
        {
            if (i < degree)
            {
                v[i] = (ulong)row[2 + i] << (Bits - 1 - i);
                continue;
            }

            // v_i = c_1·v_(i−1) ⊕ … ⊕ c_(s−1)·v_(i−s+1) ⊕ v_(i−s) ⊕ v_(i−s)/2^s, the polynomial's recurrence.
            var next = v[i - degree] ^ (v[i - degree] >> degree);
            for (var k = 1; k < degree; k++)
            {
                if (((coefficients >> (degree - 1 - k)) & 1) == 1)
                {
                    next ^= v[i - k];
                }
            }

            v[i] = next;
        }

        return v;
    }
}
