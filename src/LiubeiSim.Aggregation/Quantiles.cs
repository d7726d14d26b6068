using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// The result is defined as if the values were sorted with −0.0 before +0.0, which makes it a function of the
/// multiset of values alone: any permutation of replications gives the same bits. It is computed by selecting
/// only the needed order statistics in a pooled copy (inputs are never changed); see <see cref="Selection"/>.
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
            SelectedQuantiles(values, scratch.AsSpan(0, values.Length), probabilities, destination);
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
                SelectedQuantiles(
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

    /// <summary>
    /// Selects the order statistics the probabilities need (<see cref="Selection.OrderStatistics"/>, in scratch) and
    /// reads them off. Inputs already checked.
    /// </summary>
    /// <remarks>
    /// Selection puts at every needed rank k the value a full sort would put there, so the type-7 arithmetic
    /// on it gives the sort-based result bit for bit, for O(n) expected work instead of O(n log n).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectedQuantiles(ReadOnlySpan<double> values, Span<double> scratch, ReadOnlySpan<double> probabilities, Span<double> destination)
    {
        var last = values.Length - 1;

        // At most two ranks per probability; the standard five need ten.
        Span<int> ranks = probabilities.Length <= 16 ? stackalloc int[2 * probabilities.Length] : new int[2 * probabilities.Length];
        var count = 0;
        foreach (var p in probabilities)
        {
            var (lo, fraction) = Position(last, p);
            ranks[count++] = lo;
            if (fraction != 0.0)
            {
                ranks[count++] = lo + 1;
            }
        }

        ranks = ranks[..count];
        ranks.Sort();
        ranks = ranks[..Distinct(ranks)];
        Span<double> selected = ranks.Length <= 32 ? stackalloc double[ranks.Length] : new double[ranks.Length];
        Selection.OrderStatistics(values, scratch, ranks, selected);

        var zeros = default(SignedZeros);
        for (var j = 0; j < probabilities.Length; j++)
        {
            var (lo, fraction) = Position(last, probabilities[j]);
            var below = OrderStatistic(selected[ranks.BinarySearch(lo)], values, lo, ref zeros);
            if (fraction == 0.0)
            {
                destination[j] = below;
                continue;
            }

            destination[j] = Interpolate(below, OrderStatistic(selected[ranks.BinarySearch(lo + 1)], values, lo + 1, ref zeros), fraction);
        }
    }

    /// <summary>
    /// The ranks (0-based, ascending, distinct) whose order statistics the quantiles of <paramref name="count"/> values
    /// at <paramref name="probabilities"/> read: what a run must select when the values are spread over several shards.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">count is not positive, or a probability is NaN or outside [0, 1].</exception>
    public static int[] Ranks(int count, ReadOnlySpan<double> probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        CheckProbabilities(probabilities, probabilities.Length);
        var ranks = new SortedSet<int>();
        foreach (var p in probabilities)
        {
            var (lo, fraction) = Position(count - 1, p);
            ranks.Add(lo);
            if (fraction != 0.0)
            {
                ranks.Add(lo + 1);
            }
        }

        return [.. ranks];
    }

    /// <summary>
    /// destination[j] = type-7 quantile at probabilities[j] of <paramref name="count"/> values whose order statistics
    /// (−0.0 before +0.0) are known at <see cref="Ranks"/>: the same arithmetic as <see cref="Compute"/>, so the same bits.
    /// </summary>
    /// <param name="orderStatistic">The value at a rank; asked only for ranks <see cref="Ranks"/> returned.</param>
    public static void FromOrderStatistics(int count, ReadOnlySpan<double> probabilities, Func<int, double> orderStatistic, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        CheckProbabilities(probabilities, destination.Length);
        for (var j = 0; j < probabilities.Length; j++)
        {
            var (lo, fraction) = Position(count - 1, probabilities[j]);
            var below = orderStatistic(lo);
            destination[j] = fraction == 0.0 ? below : Interpolate(below, orderStatistic(lo + 1), fraction);
        }
    }

    /// <summary>x[lo] + f·(x[lo+1] − x[lo]), or the weighted form where the difference overflows (see the remarks above).</summary>
    private static double Interpolate(double below, double above, double fraction)
    {
        var difference = above - below;
        return double.IsFinite(difference)
            ? below + fraction * difference
            : (1.0 - fraction) * below + fraction * above;
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first value that is NaN or infinite, as <see cref="Compute"/>
    /// does: quantiles need finite values. <paramref name="firstIndex"/> is the index the span's first value has in the
    /// whole it was cut from (a shard's block within a run), so the message names the value where the caller knows it.
    /// </summary>
    public static void RequireFinite(ReadOnlySpan<double> values, string name, int firstIndex = 0) => CheckFinite(values, name, firstIndex);

    /// <summary>h = (n−1)·p, lo = ⌊h⌋ and f = h − lo, with f = 0 at the top (where there is no x[lo+1]).</summary>
    private static (int Lo, double Fraction) Position(int last, double p)
    {
        var h = last * p;
        var lo = (int)Math.Floor(h);
        if (lo >= last)
        {
            return (last, 0.0);
        }

        // Exact: h and lo share their integer part, so the subtraction does not round.
        return (lo, h - lo);
    }

    /// <summary>
    /// The value a sort with −0.0 before +0.0 puts at rank k. Selection compares with &lt;, which cannot tell the
    /// two zeros apart, so when the selected value is a zero its sign is read from the counts of negatives and of −0.0.
    /// </summary>
    private static double OrderStatistic(double value, ReadOnlySpan<double> values, int k, ref SignedZeros zeros)
    {
        if (value != 0.0)
        {
            return value;
        }

        if (!zeros.Counted)
        {
            zeros = SignedZeros.Count(values);
        }

        return k < zeros.Negatives + zeros.NegativeZeros ? -0.0 : 0.0;
    }

    /// <summary>Removes adjacent duplicates in place from a sorted span; returns the new length.</summary>
    private static int Distinct(Span<int> sorted)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        var kept = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[kept - 1])
            {
                sorted[kept++] = sorted[i];
            }
        }

        return kept;
    }

    /// <summary>How many values are below zero and how many are −0.0: the sorted run of zeros starts with the latter.</summary>
    private readonly record struct SignedZeros(bool Counted, int Negatives, int NegativeZeros)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static SignedZeros Count(ReadOnlySpan<double> values)
        {
            // Eight at a time while whole vectors last (each matching lane counts −1), the rest one by one: counts, so
            // the same whatever the order of adding.
            var i = 0;
            var below = Vector512<long>.Zero;
            var negativeZero = Vector512<long>.Zero;
            if (Vector512.IsHardwareAccelerated)
            {
                var minusZero = Vector512.Create(BitConverter.DoubleToUInt64Bits(-0.0));
                ref var v = ref MemoryMarshal.GetReference(values);
                for (; i <= values.Length - Vector512<double>.Count; i += Vector512<double>.Count)
                {
                    var chunk = Vector512.LoadUnsafe(ref v, (nuint)i);
                    below += Vector512.LessThan(chunk, Vector512<double>.Zero).AsInt64();
                    negativeZero += Vector512.Equals(chunk.AsUInt64(), minusZero).AsInt64();
                }
            }

            var negatives = (int)-Vector512.Sum(below);
            var negativeZeros = (int)-Vector512.Sum(negativeZero);
            foreach (var value in values[i..])
            {
                if (value < 0.0)
                {
                    negatives++;
                }
                else if (value == 0.0 && double.IsNegative(value))
                {
                    negativeZeros++;
                }
            }

            return new SignedZeros(true, negatives, negativeZeros);
        }
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckFinite(ReadOnlySpan<double> values, string name, int firstIndex = 0)
    {
        // x − x is 0 for every finite x and NaN for NaN and ±∞: one vector subtraction and compare per lane.
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            for (; i + Vector<double>.Count <= values.Length; i += Vector<double>.Count)
            {
                var x = Vector.LoadUnsafe(ref v, (nuint)i);
                if (!Vector.EqualsAll(x - x, Vector<double>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{firstIndex + i}] is {values[i]}; quantiles need finite values.", name);
            }
        }
    }
}
