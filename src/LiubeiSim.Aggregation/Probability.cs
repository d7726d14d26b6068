using System.Numerics;
using System.Runtime.InteropServices;

namespace LiubeiSim.Aggregation;

/// <summary>
/// Probability of meeting a target, estimated as the fraction of replications that meet it.
/// The comparisons match <c>Target.IsMet</c>: at least means ≥, at most means ≤.
/// A NaN value meets no threshold.
/// </summary>
public static class Probability
{
    /// <summary>count(values[i] ≥ threshold) / n.</summary>
    /// <exception cref="ArgumentException">values is empty or threshold is NaN.</exception>
    public static double FractionAtLeast(ReadOnlySpan<double> values, double threshold)
    {
        Check(values, threshold);
        var count = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Lanes that compare true are all ones, −1 as a long: subtracting them counts. NaN compares false, as in the scalar loop.
            var t = new Vector<double>(threshold);
            var counts = Vector<long>.Zero;
            ref var v = ref MemoryMarshal.GetReference(values);
            for (; i + Vector<double>.Count <= values.Length; i += Vector<double>.Count)
            {
                counts -= Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref v, (nuint)i), t);
            }

            count = (int)Vector.Sum(counts);
        }

        for (; i < values.Length; i++)
        {
            if (values[i] >= threshold)
            {
                count++;
            }
        }

        return (double)count / values.Length;
    }

    /// <summary>count(values[i] ≤ threshold) / n.</summary>
    /// <exception cref="ArgumentException">values is empty or threshold is NaN.</exception>
    public static double FractionAtMost(ReadOnlySpan<double> values, double threshold)
    {
        Check(values, threshold);
        var count = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var t = new Vector<double>(threshold);
            var counts = Vector<long>.Zero;
            ref var v = ref MemoryMarshal.GetReference(values);
            for (; i + Vector<double>.Count <= values.Length; i += Vector<double>.Count)
            {
                counts -= Vector.LessThanOrEqual(Vector.LoadUnsafe(ref v, (nuint)i), t);
            }

            count = (int)Vector.Sum(counts);
        }

        for (; i < values.Length; i++)
        {
            if (values[i] <= threshold)
            {
                count++;
            }
        }

        return (double)count / values.Length;
    }

    private static void Check(ReadOnlySpan<double> values, double threshold)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("A fraction of replications needs at least one replication.", nameof(values));
        }

        // A NaN threshold would silently report 0 for every target.
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("threshold is NaN.", nameof(threshold));
        }
    }
}
