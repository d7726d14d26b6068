using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>From this many values (with AVX-512 or AVX2), the ranks are bracketed by a sample before anything is selected.</summary>
    internal const int BracketFrom = 4096;

    /// <summary>More ranks than this go straight to <see cref="Select(Span{double}, ReadOnlySpan{int})"/>.</summary>
    private const int MaxBracketedRanks = 16;

    /// <summary>
    /// into[k] = the value a full sort of <paramref name="values"/> (comparing with &lt;) puts at ranks[k]; values are
    /// not changed. ranks: ascending, distinct, each in [0, values.Length); scratch: at least values.Length long, its
    /// contents afterwards unspecified.
    /// </summary>
    /// <remarks>
    /// A long column is not copied and partitioned whole. A sample of it (an eighth of its values, one from each stretch
    /// of eight or so, at a scrambled place within it so that a periodic column is sampled fairly) brackets each rank
    /// between two of its order statistics, wide enough (3.5 standard deviations of where the rank falls in a sample)
    /// that the bracket nearly always holds it; a pass over the values per bracket counts those below it and gathers
    /// those inside; the ranks are then selected among the few gathered. The counts prove each rank inside its
    /// bracket, so the result is the sort's whatever the sample; when a bracket misses (an unlucky sample, or ties
    /// piled on its edge) the whole column is selected as before.
    /// </remarks>
    public static void OrderStatistics(ReadOnlySpan<double> values, Span<double> scratch, ReadOnlySpan<int> ranks, Span<double> into)
    {
        if (values.Length >= BracketFrom && ranks.Length <= MaxBracketedRanks && (Avx512F.IsSupported || Avx2.IsSupported)
            && Bracketed(values, scratch, ranks, into))
        {
            return;
        }

        var all = scratch[..values.Length];
        values.CopyTo(all);
        Select(all, ranks);
        for (var k = 0; k < ranks.Length; k++)
        {
            into[k] = all[ranks[k]];
        }
    }

    /// <summary>Where in its stretch of <paramref name="stride"/> values the sample's i-th value is taken: a multiplicative hash of i, fixed.</summary>
    internal static int SampleOffset(int i, int stride) => (int)(((uint)i * 2654435761u) % (uint)stride);

    /// <summary>
    /// <see cref="SampleOffset(int, int)"/> by a multiplication instead of a division (Lemire, Kaser and Kurz's remainder,
    /// exact for 32-bit operands), given <see cref="RemainderMultiplier"/> of the stride: the sample takes thousands.
    /// </summary>
    internal static int SampleOffset(int i, int stride, ulong multiplier) =>
        (int)Math.BigMul(multiplier * ((uint)i * 2654435761u), (uint)stride, out _);

    /// <summary>⌈2^64 / d⌉ (0 for d = 1, whose remainders are all 0), for <see cref="SampleOffset(int, int, ulong)"/>.</summary>
    internal static ulong RemainderMultiplier(int d) => (ulong.MaxValue / (uint)d) + 1;

    /// <summary>
    /// Appends [low, high] to the first <paramref name="count"/> intervals (ascending by their low ends), or widens the
    /// last one when the two meet; returns the new count.
    /// </summary>
    private static int AddInterval<T>(Span<T> lows, Span<T> highs, int count, T low, T high)
        where T : INumber<T>
    {
        if (count > 0 && low <= highs[count - 1])
        {
            highs[count - 1] = T.Max(highs[count - 1], high);
            return count;
        }

        lows[count] = low;
        highs[count] = high;
        return count + 1;
    }

    /// <summary><see cref="OrderStatistics"/> by brackets; false (into unwritten) when a bracket misses its rank.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Bracketed(ReadOnlySpan<double> values, Span<double> scratch, ReadOnlySpan<int> ranks, Span<double> into)
    {
        var n = values.Length;
        var size = Math.Clamp(n / 8, 256, 32_768);
        var sample = scratch[..size];
        var stride = n / size;
        var multiplier = RemainderMultiplier(stride);
        for (var i = 0; i < size; i++)
        {
            sample[i] = values[(i * stride) + SampleOffset(i, stride, multiplier)];
        }

        // Each rank's bracket as two positions in the sorted sample (−1 and size stand for no bound), merged where
        // brackets overlap: adjacent ranks (a quantile's two neighbours) share one.
        Span<int> lowAt = stackalloc int[MaxBracketedRanks];
        Span<int> highAt = stackalloc int[MaxBracketedRanks];
        Span<int> groupOf = stackalloc int[MaxBracketedRanks];
        var groups = 0;
        for (var k = 0; k < ranks.Length; k++)
        {
            var p = (ranks[k] + 0.5) / n;
            var centre = p * size;
            var margin = (3.5 * Math.Sqrt(size * p * (1 - p))) + 2;
            var low = Math.Max(-1, (int)Math.Floor(centre - margin));
            var high = Math.Min(size, (int)Math.Ceiling(centre + margin));
            groups = AddInterval(lowAt, highAt, groups, low, high);
            groupOf[k] = groups - 1;
        }

        Span<int> sampleRanks = stackalloc int[2 * MaxBracketedRanks];
        var sampled = 0;
        for (var g = 0; g < groups; g++)
        {
            foreach (var at in (ReadOnlySpan<int>)[lowAt[g], highAt[g]])
            {
                if (at >= 0 && at < size && (sampled == 0 || sampleRanks[sampled - 1] < at))
                {
                    sampleRanks[sampled++] = at;
                }
            }
        }

        Select(sample, sampleRanks[..sampled]);

        // The brackets' values; brackets whose values touch (ties across them) become one, so that no value lies in two.
        Span<double> lower = stackalloc double[MaxBracketedRanks];
        Span<double> upper = stackalloc double[MaxBracketedRanks];
        Span<int> merged = stackalloc int[MaxBracketedRanks];
        var brackets = 0;
        for (var g = 0; g < groups; g++)
        {
            var below = lowAt[g] < 0 ? double.NegativeInfinity : sample[lowAt[g]];
            var above = highAt[g] >= size ? double.PositiveInfinity : sample[highAt[g]];
            brackets = AddInterval(lower, upper, brackets, below, above);
            merged[g] = brackets - 1;
        }

        // What keeps the gathering inside the scratch: brackets ordered and apart, so no value is gathered twice.
        for (var b = 1; b < brackets; b++)
        {
            if (!(upper[b - 1] < lower[b]))
            {
                return false;
            }
        }

        // A pass per bracket, a vector of values at a time: how many lie below it and how many at or below its top
        // (lanes count −1 per match), and the values inside gathered into scratch, bracket after bracket. A bracket of
        // one value (ties: a count that is mostly 2, say) gathers nothing: each rank inside it is that value. The
        // values stay in the core's cache from one bracket's pass to the next.
        Span<long> lessCounts = stackalloc long[MaxBracketedRanks];
        Span<long> insideCounts = stackalloc long[MaxBracketedRanks];
        Span<int> gatheredFrom = stackalloc int[MaxBracketedRanks];
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var gathered = ref MemoryMarshal.GetReference(scratch);
        var count = 0;
        for (var b = 0; b < brackets; b++)
        {
            gatheredFrom[b] = count;
            var gather = lower[b] != upper[b];
            var (i, less, atMost) = Avx512F.IsSupported
                ? Pass512(values, lower[b], upper[b], gather, scratch, ref count)
                : Pass256(values, lower[b], upper[b], gather, scratch, ref count);
            for (; i < n; i++)
            {
                var value = Unsafe.Add(ref v, i);
                less += value < lower[b] ? 1 : 0;
                atMost += value <= upper[b] ? 1 : 0;
                if (gather && value >= lower[b] && value <= upper[b])
                {
                    Unsafe.Add(ref gathered, count++) = value;
                }
            }

            lessCounts[b] = less;
            insideCounts[b] = atMost - less;
        }

        // Every rank must lie inside its bracket (else the sample missed: select the whole column); then it is found
        // among its bracket's gathered values at its rank less the values below the bracket.
        for (var k = 0; k < ranks.Length; k++)
        {
            var b = merged[groupOf[k]];
            if (ranks[k] < lessCounts[b] || ranks[k] >= lessCounts[b] + insideCounts[b])
            {
                return false;
            }
        }

        Span<int> local = stackalloc int[MaxBracketedRanks];
        for (var k = 0; k < ranks.Length;)
        {
            var b = merged[groupOf[k]];
            var first = k;
            for (; k < ranks.Length && merged[groupOf[k]] == b; k++)
            {
                local[k - first] = (int)(ranks[k] - lessCounts[b]);
            }

            if (lower[b] == upper[b])
            {
                into[first..k].Fill(lower[b]);
                continue;
            }

            var inside = scratch.Slice(gatheredFrom[b], (int)insideCounts[b]);
            Select(inside, local[..(k - first)]);
            for (var j = first; j < k; j++)
            {
                into[j] = inside[local[j - first]];
            }
        }

        return true;
    }

    /// <summary>
    /// One bracket's pass over the whole vectors of eight (AVX-512): returns where the vectors end and how many values
    /// they hold below <paramref name="low"/> and at or below <paramref name="high"/>; where <paramref name="gather"/>,
    /// appends the values inside to scratch at <paramref name="count"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int End, long Less, long AtMost) Pass512(ReadOnlySpan<double> values, double low, double high, bool gather, Span<double> scratch, ref int count)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var gathered = ref MemoryMarshal.GetReference(scratch);
        var room = scratch.Length - Vector512<double>.Count;
        var lows = Vector512.Create(low);
        var highs = Vector512.Create(high);
        var less = Vector512<long>.Zero;
        var atMost = Vector512<long>.Zero;
        var i = 0;
        for (; i <= values.Length - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            var chunk = Vector512.LoadUnsafe(ref v, (nuint)i);
            var below = Vector512.LessThan(chunk, lows);
            var within = Vector512.LessThanOrEqual(chunk, highs);
            less += below.AsInt64();
            atMost += within.AsInt64();
            if (gather)
            {
                // The lanes inside packed to the front and stored whole (no branch on how many): the next store
                // starts past the last one kept, and the scratch has room for the eight written.
                var inside = Vector512.AndNot(within, below);
                if (count <= room)
                {
                    Avx512F.Compress(Vector512<double>.Zero, inside, chunk).StoreUnsafe(ref gathered, (nuint)count);
                    count += BitOperations.PopCount(inside.ExtractMostSignificantBits());
                    continue;
                }

                for (var lanes = inside.ExtractMostSignificantBits(); lanes != 0; lanes &= lanes - 1)
                {
                    Unsafe.Add(ref gathered, count++) = Unsafe.Add(ref v, i + BitOperations.TrailingZeroCount(lanes));
                }
            }
        }

        return (i, -Vector512.Sum(less), -Vector512.Sum(atMost));
    }

    /// <summary>
    /// As <see cref="Pass512"/> over vectors of four (AVX2), which has no compress: the lanes inside are packed to the
    /// front by a permutation looked up by their mask (<see cref="PackInside"/>), and only where there are any (a
    /// bracket holds a few percent of the values, so most vectors have none and skip the store). It stops where the
    /// scratch could not take a whole vector more, and the caller's scalar loop finishes: a loop with no other way
    /// out keeps its sums in registers (with the lane-by-lane fallback inside, the JIT kept them on the stack, and
    /// every vector waited on a store and a load of each).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int End, long Less, long AtMost) Pass256(ReadOnlySpan<double> values, double low, double high, bool gather, Span<double> scratch, ref int count)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var gathered = ref MemoryMarshal.GetReference(scratch);
        ref var pack = ref MemoryMarshal.GetArrayDataReference(PackInside);
        var room = scratch.Length - Vector256<double>.Count;
        var last = values.Length - Vector256<double>.Count;
        var lows = Vector256.Create(low);
        var highs = Vector256.Create(high);
        var less = Vector256<long>.Zero;
        var atMost = Vector256<long>.Zero;
        var kept = count;
        var i = 0;
        for (; i <= last && kept <= room; i += Vector256<double>.Count)
        {
            var chunk = Vector256.LoadUnsafe(ref v, (nuint)i);
            var below = Vector256.LessThan(chunk, lows);
            var within = Vector256.LessThanOrEqual(chunk, highs);
            less += below.AsInt64();
            atMost += within.AsInt64();
            if (gather)
            {
                var inside = Vector256.AndNot(within, below).ExtractMostSignificantBits();
                Avx2.PermuteVar8x32(chunk.AsSingle(), Unsafe.Add(ref pack, (int)inside)).AsDouble().StoreUnsafe(ref gathered, (nuint)kept);
                kept += BitOperations.PopCount(inside);
            }
        }

        count = kept;
        return (i, -Vector256.Sum(less), -Vector256.Sum(atMost));
    }

    /// <summary>
    /// For each mask of four lanes, the 32-bit element order that moves the marked doubles (two elements each) to the
    /// front in lane order; what follows them is never read.
    /// </summary>
    private static readonly Vector256<int>[] PackInside = BuildPackInside();

    private static Vector256<int>[] BuildPackInside()
    {
        var orders = new Vector256<int>[16];
        Span<int> order = stackalloc int[8];
        for (var mask = 0; mask < orders.Length; mask++)
        {
            order.Clear();
            var to = 0;
            for (var lane = 0; lane < 4; lane++)
            {
                if ((mask & (1 << lane)) != 0)
                {
                    order[to++] = 2 * lane;
                    order[to++] = (2 * lane) + 1;
                }
            }

            orders[mask] = Vector256.Create<int>(order);
        }

        return orders;
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
