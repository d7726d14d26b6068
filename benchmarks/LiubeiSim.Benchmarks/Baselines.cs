using System.Numerics;
using System.Runtime.InteropServices;
using LiubeiSim.Aggregation;

namespace LiubeiSim.Benchmarks;

/// <summary>The straightforward versions each optimised routine is measured against, computing the same results.</summary>
public static class Baselines
{
    /// <summary>The roll-up as LINQ would first be written: for each replication, the entities' values summed in order.</summary>
    public static double[] RollUpLinq(double[] entityMajor, int entities, int replications) =>
        Enumerable.Range(0, replications)
            .Select(r => Enumerable.Range(0, entities).Select(e => entityMajor[(e * replications) + r]).Sum())
            .ToArray();

    /// <summary>
    /// The memory-bandwidth bound: one pass reading the same bytes as the roll-up, with four independent vector
    /// accumulators so neither add latency nor dependency chains limit it, only how fast memory delivers.
    /// </summary>
    public static double SumAllBytes(ReadOnlySpan<double> values)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        Vector<double> a = default, b = default, c = default, d = default;
        var i = 0;
        for (; i + 4 <= vectors.Length; i += 4)
        {
            a += vectors[i];
            b += vectors[i + 1];
            c += vectors[i + 2];
            d += vectors[i + 3];
        }

        for (; i < vectors.Length; i++)
        {
            a += vectors[i];
        }

        var total = Vector.Sum(a + b + c + d);
        for (var j = vectors.Length * Vector<double>.Count; j < values.Length; j++)
        {
            total += values[j];
        }

        return total;
    }

    /// <summary>
    /// Quantiles the way the library first computed them: copy each row, sort it, order the signed zeros, read the
    /// type-7 values. The selection-based library must give these bits, faster.
    /// </summary>
    public static void QuantilesBySorting(ReadOnlySpan<double> indicatorMajor, int indicators, ReadOnlySpan<double> probabilities, Span<double> destination, double[] scratch)
    {
        var replications = indicatorMajor.Length / indicators;
        var sorted = scratch.AsSpan(0, replications);
        for (var k = 0; k < indicators; k++)
        {
            indicatorMajor.Slice(k * replications, replications).CopyTo(sorted);
            sorted.Sort();
            OrderSignedZeros(sorted);
            for (var j = 0; j < probabilities.Length; j++)
            {
                destination[(k * probabilities.Length) + j] = Type7(sorted, probabilities[j]);
            }
        }
    }

    private static double Type7(ReadOnlySpan<double> sorted, double p)
    {
        var last = sorted.Length - 1;
        var h = last * p;
        var lo = (int)Math.Floor(h);
        if (lo >= last)
        {
            return sorted[last];
        }

        var fraction = h - lo;
        if (fraction == 0.0)
        {
            return sorted[lo];
        }

        var difference = sorted[lo + 1] - sorted[lo];
        return double.IsFinite(difference)
            ? sorted[lo] + fraction * difference
            : (1.0 - fraction) * sorted[lo] + fraction * sorted[lo + 1];
    }

    private static void OrderSignedZeros(Span<double> sorted)
    {
        var start = 0;
        while (start < sorted.Length && sorted[start] < 0.0)
        {
            start++;
        }

        var end = start;
        var negativeZeros = 0;
        while (end < sorted.Length && sorted[end] == 0.0)
        {
            negativeZeros += double.IsNegative(sorted[end]) ? 1 : 0;
            end++;
        }

        sorted.Slice(start, negativeZeros).Fill(-0.0);
        sorted[(start + negativeZeros)..end].Fill(0.0);
    }

    /// <summary>Checked once per setup: a benchmark of a wrong answer is worthless.</summary>
    public static void RequireSameBits(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        if (!MemoryMarshal.AsBytes(expected).SequenceEqual(MemoryMarshal.AsBytes(actual)))
        {
            throw new InvalidOperationException($"{what}: the optimised result differs from the baseline's bits.");
        }
    }

    /// <summary>Values shaped like the model's: positive, skewed, with ties from rounding (counts, percentages).</summary>
    public static double[] SyntheticValues(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var x = Math.Exp(random.NextDouble() * 2) * 100;
            values[i] = i % 5 == 0 ? Math.Round(x) : x;
        }

        return values;
    }

    /// <summary>The standard levels as an array, for callers outside a span-friendly context.</summary>
    public static double[] StandardLevels { get; } = QuantileLevels.Standard.ToArray();
}
