using System.Runtime.CompilerServices;

namespace LiubeiSim.Aggregation;

/// <summary>
/// The reference summation: start at 0.0 and add left to right. Floating-point addition is not
/// associative, so every other sum in this library is defined to equal this one bit for bit;
/// a faster version must keep the same order or prove it gives the same bits.
/// </summary>
public static class FixedOrderSum
{
    /// <summary>Σ values[i] for i = 0, 1, ..., n−1, starting from 0.0. An empty span sums to 0.0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ReadOnlySpan<double> values) => Continue(0.0, values);

    /// <summary>
    /// <paramref name="sum"/> + values[0] + values[1] + ... left to right: the sum over values before these, continued.
    /// A sum cut into consecutive pieces and continued piece by piece from 0.0 is <see cref="Sum"/> of the whole, bit for
    /// bit (shards' blocks in replication order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Continue(double sum, ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
