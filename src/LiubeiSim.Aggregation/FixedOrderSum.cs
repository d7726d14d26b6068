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
    public static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
