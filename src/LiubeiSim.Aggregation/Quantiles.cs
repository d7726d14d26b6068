using System.Buffers;

namespace LiubeiSim.Aggregation;

/// <summary>
/// Sample quantiles by type 7 of Hyndman &amp; Fan (1996), the default of R and NumPy.
/// </summary>
/// <remarks>
/// <para>
/// For n sorted values x[0..n−1] and a probability p: h = (n−1)·p, lo = ⌊h⌋, f = h − lo.
/// If f = 0 the result is x[lo]; otherwise it is x[lo] + f·(x[lo+1] − x[lo]). In floating point this
/// stays inside [x[lo], x[lo+1]] and is monotone in p, with no clamp: for f &lt; 1, f·d rounds below the exact
/// difference (or d is subnormal, hence exact), so adding it to x[lo] cannot pass x[lo+1]. Only when the difference overflows to infinity
/// (values near ±1.8e308 of opposite sign) is the equivalent (1 − f)·x[lo] + f·x[lo+1] used instead.
/// </para>
/// <para>
/// Values are sorted in a pooled copy, so inputs are never changed. −0.0 sorts before +0.0, which makes
/// the result a function of the multiset of values alone: any permutation of replications gives the same bits.
/// Values must be finite: NaN has no place in an order, and an infinity turns the interpolation into NaN.
/// </para>
/// </remarks>
public static class Quantiles
{
    /// <summary>destination[j] = type-7 quantile of <paramref name="values"/> at probabilities[j].</summary>
    /// <exception cref="ArgumentException">values is empty or holds a NaN or infinity, or destination's length differs from probabilities'.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A probability is NaN or outside [0, 1].</exception>
    public static void Compute(ReadOnlySpan<double> values, ReadOnlySpan<double> probabilities, Span<double> destination)
    {
        CheckProbabilities(probabilities, destination.Length);
        if (values.IsEmpty)
        {
            throw new ArgumentException("Quantiles need at least one value.", nameof(values));
        }

        CheckFinite(values, nameof(values));
        var scratch = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            SortedQuantiles(values, scratch.AsSpan(0, values.Length), probabilities, destination);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Quantiles of each row of a K × R row-major matrix (one row per indicator, each row a vector over
    /// replications): destination is K × Q, row k holding the Q quantiles of row k, in the order of probabilities.
    /// R = indicatorMajor.Length / indicators.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes do not agree, rows are empty, or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">indicators is negative, or a probability is NaN or outside [0, 1].</exception>
    public static void ComputeColumns(ReadOnlySpan<double> indicatorMajor, int indicators, ReadOnlySpan<double> probabilities, Span<double> destination)
    {
        Guard.NotNegative(indicators, nameof(indicators));
        var replications = Guard.RowLength(indicatorMajor.Length, indicators, nameof(indicatorMajor), "indicators");
        var count = probabilities.Length;
        Guard.MatrixLength(destination.Length, indicators, count, nameof(destination), "indicators", "probabilities");
        CheckProbabilities(probabilities, count);
        if (indicators == 0)
        {
            return;
        }

        if (replications == 0)
        {
            throw new ArgumentException("Quantiles need at least one replication per row.", nameof(indicatorMajor));
        }

        // Scan everything first so a bad value leaves destination untouched.
        CheckFinite(indicatorMajor, nameof(indicatorMajor));
        Guard.NoOverlap(indicatorMajor, destination, nameof(indicatorMajor));

        // One scratch row reused for every indicator.
        var scratch = ArrayPool<double>.Shared.Rent(replications);
        try
        {
            for (var k = 0; k < indicators; k++)
            {
                SortedQuantiles(
                    indicatorMajor.Slice(k * replications, replications),
                    scratch.AsSpan(0, replications),
                    probabilities,
                    destination.Slice(k * count, count));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>Copies values into scratch, sorts it, and reads off every probability. Inputs already checked.</summary>
    private static void SortedQuantiles(ReadOnlySpan<double> values, Span<double> scratch, ReadOnlySpan<double> probabilities, Span<double> destination)
    {
        values.CopyTo(scratch);
        scratch.Sort();
        OrderSignedZeros(scratch);
        for (var j = 0; j < probabilities.Length; j++)
        {
            destination[j] = FromSorted(scratch, probabilities[j]);
        }
    }

    /// <summary>The type-7 quantile of already sorted, finite values at p in [0, 1].</summary>
    private static double FromSorted(ReadOnlySpan<double> sorted, double p)
    {
        var last = sorted.Length - 1;
        var h = last * p;
        var lo = (int)Math.Floor(h);
        if (lo >= last)
        {
            return sorted[last];
        }

        // Exact: h and lo share their integer part, so the subtraction does not round.
        var fraction = h - lo;
        var below = sorted[lo];
        if (fraction == 0.0)
        {
            return below;
        }

        var above = sorted[lo + 1];
        var difference = above - below;
        return double.IsFinite(difference)
            ? below + fraction * difference
            : (1.0 - fraction) * below + fraction * above;
    }

    /// <summary>
    /// The sort treats −0.0 and +0.0 as equal and is not stable, so their order would follow the input order.
    /// Rewriting the run of zeros with all −0.0 first makes the sorted copy depend on the multiset only.
    /// </summary>
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
            if (double.IsNegative(sorted[end]))
            {
                negativeZeros++;
            }

            end++;
        }

        if (negativeZeros == 0)
        {
            return;
        }

        sorted.Slice(start, negativeZeros).Fill(-0.0);
        sorted[(start + negativeZeros)..end].Fill(0.0);
    }

    private static void CheckProbabilities(ReadOnlySpan<double> probabilities, int destinationLength)
    {
        if (probabilities.Length != destinationLength)
        {
            throw new ArgumentException(
                $"destination has {destinationLength} slots but there are {probabilities.Length} probabilities.",
                "destination");
        }

        foreach (var p in probabilities)
        {
            // Written so that NaN fails too.
            if (!(p >= 0.0 && p <= 1.0))
            {
                throw new ArgumentOutOfRangeException(nameof(probabilities), p, "Probabilities must lie in [0, 1].");
            }
        }
    }

    private static void CheckFinite(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; quantiles need finite values.", name);
            }
        }
    }
}
