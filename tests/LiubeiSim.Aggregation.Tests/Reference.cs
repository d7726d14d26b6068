namespace LiubeiSim.Aggregation.Tests;

/// <summary>Deliberately naive versions of the library's functions, written from the specification.</summary>
internal static class Reference
{
    /// <summary>Per replication, 0.0 then entities added in increasing e.</summary>
    public static double[] Sum(double[] entityMajor, int entities, int replications, Func<int, bool>? include = null)
    {
        var result = new double[replications];
        for (var r = 0; r < replications; r++)
        {
            var sum = 0.0;
            for (var e = 0; e < entities; e++)
            {
                if (include is null || include(e))
                {
                    sum += entityMajor[e * replications + r];
                }
            }

            result[r] = sum;
        }

        return result;
    }

    /// <summary>Sorted by value with LINQ, −0.0 before +0.0.</summary>
    public static double[] Sorted(IEnumerable<double> values) =>
        values.OrderBy(v => v).ThenBy(v => double.IsNegative(v) ? 0 : 1).ToArray();

    /// <summary>Type 7 of Hyndman and Fan on sorted values, with the overflow fallback.</summary>
    public static double Type7(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        if (lo == sorted.Length - 1)
        {
            return sorted[lo];
        }

        var f = h - lo;
        if (f == 0)
        {
            return sorted[lo];
        }

        var d = sorted[lo + 1] - sorted[lo];
        return double.IsInfinity(d) ? (1 - f) * sorted[lo] + f * sorted[lo + 1] : sorted[lo] + f * d;
    }

    public static double[] Quantiles(IEnumerable<double> values, double[] probabilities)
    {
        var sorted = Sorted(values);
        return probabilities.Select(p => Type7(sorted, p)).ToArray();
    }

    /// <summary>
    /// The library's first, sort-based quantiles: a copy sorted with Span.Sort, the run of zeros rewritten −0.0
    /// first, then <see cref="Type7"/>. The selection-based version must give these bits.
    /// </summary>
    public static double[] QuantilesBySorting(ReadOnlySpan<double> values, ReadOnlySpan<double> probabilities)
    {
        var sorted = values.ToArray();
        sorted.AsSpan().Sort();
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

        sorted.AsSpan(start, negativeZeros).Fill(-0.0);
        sorted.AsSpan(start + negativeZeros, end - start - negativeZeros).Fill(0.0);
        var result = new double[probabilities.Length];
        for (var j = 0; j < probabilities.Length; j++)
        {
            result[j] = Type7(sorted, probabilities[j]);
        }

        return result;
    }
}
