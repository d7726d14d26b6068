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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            MovePivotToFront(ref a, lo, hi);
            var pivot = Unsafe.Add(ref a, lo);
            var p = PartitionBelow(ref a, lo + 1, hi, pivot) - 1;
            (Unsafe.Add(ref a, lo), Unsafe.Add(ref a, p)) = (Unsafe.Add(ref a, p), Unsafe.Add(ref a, lo));

            // Now [lo, p) < pivot = a[p] ≤ [p + 1, hi). A short left side hints at many values equal to the pivot
            // (a constant series, a count that is mostly zero): gathering them next to p settles all their ranks at
            // once, where repeated partitions would peel them off a few at a time.
            var equalEnd = p + 1;
            if (p - lo < n >> 4)
            {
                equalEnd = PartitionAtMost(ref a, p + 1, hi, pivot);
            }

            var leftCut = LowerBound(ranks, p);
            var rightCut = LowerBound(ranks, equalEnd);
            var left = ranks[..leftCut];
            var right = ranks[rightCut..];

            // Recurse into the shorter side and loop on the other, so the stack stays O(log n) deep.
            if (p - lo < hi - equalEnd)
            {
                Select(ref a, lo, p, left, depth);
                lo = equalEnd;
                ranks = right;
            }
            else
            {
                Select(ref a, equalEnd, hi, right, depth);
                hi = p;
                ranks = left;
            }
        }
    }

    /// <summary>Median of the first, middle and last values (of three medians of three on long ranges) to a[lo].</summary>
    private static void MovePivotToFront(ref double a, int lo, int hi)
    {
        var n = hi - lo;
        var mid = lo + (n >> 1);
        if (n >= 128)
        {
            var step = n >> 3;
            SortThree(ref a, lo + 1, lo + step, lo + (2 * step));
            SortThree(ref a, mid - step, mid, mid + step);
            SortThree(ref a, hi - 1 - (2 * step), hi - 1 - step, hi - 2);
            SortThree(ref a, lo + step, mid, hi - 1 - step);
        }
        else
        {
            SortThree(ref a, lo + 1, mid, hi - 1);
        }

        (Unsafe.Add(ref a, lo), Unsafe.Add(ref a, mid)) = (Unsafe.Add(ref a, mid), Unsafe.Add(ref a, lo));
    }

    /// <summary>
    /// Branch-free Lomuto partition of [from, hi): every value &lt; pivot ends in [from, result), the rest after.
    /// Each step swaps unconditionally and advances the boundary by the comparison's 0 or 1, so random data costs
    /// no branch mispredictions, which dominate a branching partition.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PartitionBelow(ref double a, int from, int hi, double pivot)
    {
        var first = from;
        for (var read = from; read < hi; read++)
        {
            ref var slot = ref Unsafe.Add(ref a, read);
            var value = slot;
            ref var boundary = ref Unsafe.Add(ref a, first);
            slot = boundary;
            boundary = value;
            first += Unsafe.BitCast<bool, byte>(value < pivot);
        }

        return first;
    }

    /// <summary>As <see cref="PartitionBelow"/> with ≤: the values equal to pivot gather at the front of [from, hi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PartitionAtMost(ref double a, int from, int hi, double pivot)
    {
        var first = from;
        for (var read = from; read < hi; read++)
        {
            ref var slot = ref Unsafe.Add(ref a, read);
            var value = slot;
            ref var boundary = ref Unsafe.Add(ref a, first);
            slot = boundary;
            boundary = value;
            first += Unsafe.BitCast<bool, byte>(value <= pivot);
        }

        return first;
    }

    private static void SortThree(ref double a, int i, int j, int k)
    {
        SortPair(ref a, i, j);
        SortPair(ref a, j, k);
        SortPair(ref a, i, j);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
