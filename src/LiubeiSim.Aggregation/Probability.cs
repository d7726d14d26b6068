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
    public static double FractionAtLeast(ReadOnlySpan<double> values, double threshold) => Fraction<AtLeast>(values, threshold);

    /// <summary>count(values[i] ≤ threshold) / n.</summary>
    /// <exception cref="ArgumentException">values is empty or threshold is NaN.</exception>
    public static double FractionAtMost(ReadOnlySpan<double> values, double threshold) => Fraction<AtMost>(values, threshold);

    /// <summary>One counting loop for both directions; the comparison is a type parameter so the JIT specialises each.</summary>
    private static double Fraction<TCompare>(ReadOnlySpan<double> values, double threshold)
        where TCompare : struct, IThresholdComparison
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
                counts -= TCompare.Meets(Vector.LoadUnsafe(ref v, (nuint)i), t);
            }

            count = (int)Vector.Sum(counts);
        }

        for (; i < values.Length; i++)
        {
            if (TCompare.Meets(values[i], threshold))
            {
                count++;
            }
        }

        return (double)count / values.Length;
    }

    private interface IThresholdComparison
    {
        static abstract Vector<long> Meets(Vector<double> values, Vector<double> threshold);

        static abstract bool Meets(double value, double threshold);
    }

    private readonly struct AtLeast : IThresholdComparison
    {
        public static Vector<long> Meets(Vector<double> values, Vector<double> threshold) => Vector.GreaterThanOrEqual(values, threshold);

        public static bool Meets(double value, double threshold) => value >= threshold;
    }

    private readonly struct AtMost : IThresholdComparison
    {
        public static Vector<long> Meets(Vector<double> values, Vector<double> threshold) => Vector.LessThanOrEqual(values, threshold);

        public static bool Meets(double value, double threshold) => value <= threshold;
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
