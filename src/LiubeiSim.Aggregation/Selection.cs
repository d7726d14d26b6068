using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LiubeiSim.Aggregation;

/// <summary>
/// Multi-rank introselect: rearranges values so that every requested rank holds the value a full sort would put
/// there (comparing with &lt;). Quantiles need about ten ranks out of thousands of replications, so partitioning
/// only the ranges that still contain a requested rank does O(n) expected work where sorting does O(n log n).
/// </summary>
/// <remarks>
/// Values must not be NaN (the partition relies on a total order). Equal values are interchangeable except for
/// −0.0 and +0.0, whose order the caller settles (see <see cref="Quantiles"/>). A recursion deeper than
/// 2·log2(n) falls back to sorting the range, so adversarial inputs cost O(n log n), never O(n²).
/// </remarks>
internal static class Selection
{
    /// <summary>Ranges this short are insertion-sorted: cheaper than partitioning them again.</summary>
    private const int SmallRange = 16;

    /// <summary>Puts the order statistic of each rank in place. ranks: ascending, distinct, each in [0, values.Length).</summary>
    public static void Select(Span<double> values, ReadOnlySpan<int> ranks)
    {
        if (ranks.IsEmpty || values.Length < 2)
        {
            return;
        }

        var depth = 2 * (BitOperations.Log2((uint)values.Length) + 1);
        Select(ref MemoryMarshal.GetReference(values), 0, values.Length, ranks, depth);
    }

    private static void Select(ref double a, int lo, int hi, ReadOnlySpan<int> ranks, int depth)
    {
        while (!ranks.IsEmpty)
        {
            var n = hi - lo;
            if (n <= SmallRange)
            {
                InsertionSort(ref a, lo, hi);
                return;
            }

            if (depth == 0)
            {
                MemoryMarshal.CreateSpan(ref Unsafe.Add(ref a, lo), n).Sort();
                return;
            }

            depth--;
            var split = Partition(ref a, lo, hi);
            var cut = LowerBound(ranks, split);

            // Recurse into the shorter side and loop on the other, so the stack stays O(log n) deep.
            if (split - lo < hi - split)
            {
                Select(ref a, lo, split, ranks[..cut], depth);
                lo = split;
                ranks = ranks[cut..];
            }
            else
            {
                Select(ref a, split, hi, ranks[cut..], depth);
                hi = split;
                ranks = ranks[..cut];
            }
        }
    }

    /// <summary>
    /// Hoare partition of [lo, hi) around the median of the first, middle and last values. Returns split with
    /// every value in [lo, split) ≤ pivot ≤ every value in [split, hi), and lo &lt; split &lt; hi.
    /// </summary>
    /// <remarks>
    /// The pivot sits at the lower middle, so the first scans meet there at the latest and both sides are
    /// non-empty; the sorted first and last values stop the scans before they leave the range.
    /// </remarks>
    private static int Partition(ref double a, int lo, int hi)
    {
        var mid = lo + ((hi - lo - 1) >> 1);
        SortPair(ref a, lo, mid);
        SortPair(ref a, mid, hi - 1);
        SortPair(ref a, lo, mid);
        var pivot = Unsafe.Add(ref a, mid);
        var i = lo - 1;
        var j = hi;
        while (true)
        {
            do
            {
                i++;
            }
            while (Unsafe.Add(ref a, i) < pivot);

            do
            {
                j--;
            }
            while (Unsafe.Add(ref a, j) > pivot);

            if (i >= j)
            {
                return j + 1;
            }

            (Unsafe.Add(ref a, i), Unsafe.Add(ref a, j)) = (Unsafe.Add(ref a, j), Unsafe.Add(ref a, i));
        }
    }

    private static void SortPair(ref double a, int i, int j)
    {
        ref var x = ref Unsafe.Add(ref a, i);
        ref var y = ref Unsafe.Add(ref a, j);
        if (y < x)
        {
            (x, y) = (y, x);
        }
    }

    private static void InsertionSort(ref double a, int lo, int hi)
    {
        for (var i = lo + 1; i < hi; i++)
        {
            var value = Unsafe.Add(ref a, i);
            var j = i - 1;
            while (j >= lo && Unsafe.Add(ref a, j) > value)
            {
                Unsafe.Add(ref a, j + 1) = Unsafe.Add(ref a, j);
                j--;
            }

            Unsafe.Add(ref a, j + 1) = value;
        }
    }

    /// <summary>Index of the first rank ≥ split (ranks ascending).</summary>
    private static int LowerBound(ReadOnlySpan<int> ranks, int split)
    {
        var k = 0;
        while (k < ranks.Length && ranks[k] < split)
        {
            k++;
        }

        return k;
    }
}
