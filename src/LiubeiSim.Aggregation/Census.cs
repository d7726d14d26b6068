using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LiubeiSim.Aggregation;

/// <summary>What a probe asks each shard for about the values inside its interval.</summary>
public enum CensusWant : byte
{
    /// <summary>How many fall in each bin its splitters cut the interval into.</summary>
    Counts = 0,

    /// <summary>Every value inside (the interval is known to hold few).</summary>
    Values = 1,

    /// <summary>How many are inside, and up to <see cref="CensusQuestion.SampleLimit"/> of them, every so many in the order read.</summary>
    Sample = 2,
}

/// <summary>
/// One round of questions a run asks every shard about the month the shards last stepped (see <see cref="SpreadSelection"/>).
/// Probe i reads series <c>Series[i]</c>, the values whose <see cref="OrderKey"/> lies strictly between <c>Lower[i]</c>
/// and <c>Upper[i]</c>, with splitters <c>Splitters[SplitterEnds[i−1]..SplitterEnds[i]]</c> (ascending, distinct,
/// strictly inside). A series' probes have disjoint intervals. Keep interval j (<c>KeepSeries[j]</c>, strictly
/// between <c>KeepLower[j]</c> and <c>KeepUpper[j]</c>; a series' keep intervals disjoint and inside its probes') says
/// where the next round's intervals will most likely be: a shard keeps those values aside and need not read the rest again.
/// </summary>
public sealed record CensusQuestion(
    int[] Series,
    ulong[] Lower,
    ulong[] Upper,
    CensusWant[] Want,
    int[] SplitterEnds,
    ulong[] Splitters,
    int SampleLimit,
    int[] KeepSeries,
    ulong[] KeepLower,
    ulong[] KeepUpper)
{
    public int Probes => Series.Length;

    public ReadOnlySpan<ulong> SplittersOf(int probe) =>
        Splitters.AsSpan(probe == 0 ? 0 : SplitterEnds[probe - 1], SplitterEnds[probe] - (probe == 0 ? 0 : SplitterEnds[probe - 1]));

    /// <summary>Bins of a probe: with P splitters, (Lower, s1), [s1], (s1, s2), ..., [sP], (sP, Upper): 2P + 1.</summary>
    public int BinsOf(int probe) => (2 * SplittersOf(probe).Length) + 1;
}

/// <summary>
/// One shard's answer to a <see cref="CensusQuestion"/>: for each probe its bins' counts, one after the other
/// (<see cref="CensusQuestion.BinsOf"/> each; a single bin, the count inside, for values and samples), and the values
/// asked for, <c>Values[ValueEnds[i−1]..ValueEnds[i]]</c> for probe i.
/// </summary>
public sealed record CensusAnswer(int[] Counts, int[] ValueEnds, double[] Values)
{
    public ReadOnlySpan<double> ValuesOf(int probe) =>
        Values.AsSpan(probe == 0 ? 0 : ValueEnds[probe - 1], ValueEnds[probe] - (probe == 0 ? 0 : ValueEnds[probe - 1]));
}

/// <summary>
/// The shard's side of <see cref="SpreadSelection"/> for one month: answers each round's question from its block's
/// values. The first round reads every value; later rounds read only the values the previous one kept aside (its keep
/// intervals) whenever those cover every interval asked about, and the whole series otherwise, so a question is
/// always answered from every value it concerns.
/// </summary>
public sealed class ShardCensus
{
    private readonly ReadOnlyMemory<double> _seriesMajor;
    private readonly int _count;
    private readonly int _first;
    private readonly CensusBuffers? _buffers;
    private readonly Dictionary<int, Kept> _kept = [];
    private readonly HashSet<int> _checked = [];

    /// <param name="seriesMajor">The block's values for the month, series-major (<c>[series * count + replication]</c>); read, never changed, and not copied: they must stay as they are while questions come.</param>
    /// <param name="count">Replications of the block.</param>
    /// <param name="firstReplication">The block's first replication in the run, so an error names the run's index.</param>
    /// <param name="buffers">The shard's buffers, reused by each month's census (the last month's census must no longer be asked); null to rent and allocate them per question.</param>
    public ShardCensus(ReadOnlyMemory<double> seriesMajor, int count, int firstReplication = 0, CensusBuffers? buffers = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _seriesMajor = seriesMajor;
        _count = count;
        _first = firstReplication;
        _buffers = buffers;
    }

    /// <summary>
    /// Answers <paramref name="question"/>. Every value of a series is checked finite the first time a probe reads the
    /// series, as <see cref="Quantiles.Compute"/> checks them.
    /// </summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or the question does not fit the block.</exception>
    public CensusAnswer Answer(CensusQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var probes = question.Probes;
        var countStarts = new int[probes + 1];
        for (var i = 0; i < probes; i++)
        {
            countStarts[i + 1] = countStarts[i] + (question.Want[i] == CensusWant.Counts ? question.BinsOf(i) : 1);
        }

        var counts = new int[countStarts[probes]];
        var values = new List<double>?[probes];

        // A series' kept values go to the scratch first (one series at a time), then to where they are kept.
        var rented = _buffers is null ? ArrayPool<double>.Shared.Rent(Math.Max(1, _count)) : null;
        var scratch = rented ?? _buffers!.Scratch(_count);
        try
        {
            foreach (var series in question.Series.Distinct())
            {
                AnswerSeries(question, series, countStarts, counts, values, scratch);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }

        return Gather(question, values, counts);
    }

    private void AnswerSeries(CensusQuestion question, int series, int[] countStarts, int[] counts, List<double>?[] values, double[] scratch)
    {
        var probes = question.Probes;
        if (series < 0 || (long)(series + 1) * _count > _seriesMajor.Length)
        {
            throw new ArgumentException($"Series {series} is not in a block of {_count} replications and {_seriesMajor.Length / Math.Max(_count, 1)} series.", nameof(question));
        }

        var column = _seriesMajor.Span.Slice(series * _count, _count);
        if (_checked.Add(series))
        {
            Quantiles.RequireFinite(column, "values", _first);
        }

        // A series' probes in order of their intervals, so each value finds its probe by one binary search.
        var mine = Enumerable.Range(0, probes).Where(i => question.Series[i] == series).OrderBy(i => question.Lower[i]).ToArray();
        foreach (var i in mine)
        {
            values[i] = question.Want[i] == CensusWant.Counts ? null : [];
        }

        var keep = Enumerable.Range(0, question.KeepSeries.Length).Where(j => question.KeepSeries[j] == series).OrderBy(j => question.KeepLower[j]).ToArray();
        var kept = _kept.TryGetValue(series, out var earlier) && mine.All(i => earlier.Covers(question.Lower[i], question.Upper[i]))
            ? Read(earlier.Values.Span, question, mine, countStarts, counts, values, keep, scratch)
            : Read(column, question, mine, countStarts, counts, values, keep, scratch);
        if (keep.Length > 0)
        {
            var aside = scratch.AsSpan(0, kept);
            _kept[series] = new Kept([.. keep.Select(j => question.KeepLower[j])], [.. keep.Select(j => question.KeepUpper[j])], _buffers is null ? aside.ToArray() : _buffers.Keep(series, aside));
        }
        else
        {
            _kept.Remove(series);
        }
    }

    private static CensusAnswer Gather(CensusQuestion question, List<double>?[] values, int[] counts)
    {
        var probes = question.Probes;
        var valueEnds = new int[probes];
        var gathered = new List<double>();
        for (var i = 0; i < probes; i++)
        {
            if (values[i] is { } inside)
            {
                if (question.Want[i] == CensusWant.Sample && inside.Count > question.SampleLimit)
                {
                    // Every stride-th value inside, in the order read (the block's, or the values kept aside).
                    var stride = (inside.Count + question.SampleLimit - 1) / question.SampleLimit;
                    for (var j = 0; j < inside.Count; j += stride)
                    {
                        gathered.Add(inside[j]);
                    }
                }
                else
                {
                    gathered.AddRange(inside);
                }
            }

            valueEnds[i] = gathered.Count;
        }

        return new CensusAnswer(counts, valueEnds, [.. gathered]);
    }

    /// <summary>
    /// Counts (or collects) each value of <paramref name="source"/> in its probe's bin, and writes the values inside the
    /// keep intervals to the start of <paramref name="scratch"/> (at least as long as the source); returns how many.
    /// </summary>
    private static int Read(ReadOnlySpan<double> source, CensusQuestion question, int[] mine, int[] countStarts, int[] counts, List<double>?[] values, int[] keep, double[] scratch)
    {
        // Per probe, once: its splitters, and which of its bins lie inside a keep interval (the keep intervals' ends are
        // splitters or the probe's own ends, so a value is kept by its bin, with no second search).
        var probes = mine.Select(i => new ProbeReading(question, i, countStarts[i], keep)).ToArray();
        if (probes.Length == 1 && values[mine[0]] is null)
        {
            return probes[0].Count(source, counts, scratch);
        }

        var lowers = probes.Select(p => p.Lower).ToArray();
        var kept = 0;
        foreach (var value in source)
        {
            var key = OrderKey.Of(value);
            var at = Last(lowers, key);
            if (at >= 0 && key < probes[at].Upper && probes[at].Take(value, key, counts, values))
            {
                scratch[kept++] = value;
            }
        }

        return kept;
    }

    /// <summary>One probe as a shard reads values into it.</summary>
    private sealed class ProbeReading
    {
        private readonly int _probe;
        private readonly int _countStart;
        private readonly ulong[] _splitters;
        private readonly bool[] _keepBin;
        private readonly ulong[]? _padded;
        private readonly int _vectors;

        public ProbeReading(CensusQuestion question, int probe, int countStart, int[] keep)
        {
            _probe = probe;
            _countStart = countStart;
            Lower = question.Lower[probe];
            Upper = question.Upper[probe];
            _splitters = question.SplittersOf(probe).ToArray();

            // With up to 64 splitters, a key's place among them is the number below it: independent vector compares,
            // where a binary search is a chain of dependent loads (about 40 cycles a value). One vector more than the
            // splitters need: a key above all of them reads padding there, never past the end.
            if (Vector512.IsHardwareAccelerated && _splitters.Length is > 0 and <= 64)
            {
                _vectors = (_splitters.Length + 7) / 8;
                _padded = new ulong[(_vectors + 1) * 8];
                _padded.AsSpan().Fill(ulong.MaxValue);
                _splitters.CopyTo(_padded, 0);
            }
            var bins = question.Want[probe] == CensusWant.Counts ? (2 * _splitters.Length) + 1 : 1;
            _keepBin = new bool[bins];
            for (var b = 0; b < bins; b++)
            {
                // Bin 2j: (s[j−1], s[j]) with s[−1] = Lower and s[P] = Upper; bin 2j + 1: s[j] itself.
                var (from, to, point) = b % 2 == 1 || bins == 1
                    ? bins == 1 ? (Lower, Upper, false) : (_splitters[b / 2], _splitters[b / 2], true)
                    : (b == 0 ? Lower : _splitters[(b / 2) - 1], b / 2 == _splitters.Length ? Upper : _splitters[b / 2], false);
                // A loop, not Any with a lambda: that was a closure per bin, thousands a round.
                foreach (var j in keep)
                {
                    if (point
                        ? question.KeepLower[j] < from && from < question.KeepUpper[j]
                        : question.KeepLower[j] <= from && to <= question.KeepUpper[j])
                    {
                        _keepBin[b] = true;
                        break;
                    }
                }
            }
        }

        public ulong Lower { get; }

        public ulong Upper { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int BinOf(ulong key) => _padded is null ? Bin(_splitters, key) : WideBin(_padded, _vectors, _splitters.Length, key);

        /// <summary>
        /// The loop of a series with one probe (every first round): every value's bin counted, the values of kept bins
        /// written to a buffer that advances only for them, with no branch on the data but the interval's ends.
        /// </summary>
        /// <param name="source">The values read.</param>
        /// <param name="counts">The answer's counts, this probe's bins among them.</param>
        /// <param name="buffer">At least as long as <paramref name="source"/>; the kept values are written to its start.</param>
        /// <returns>How many values were kept.</returns>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Count(ReadOnlySpan<double> source, int[] counts, double[] buffer)
        {
            var bins = counts.AsSpan(_countStart, _keepBin.Length);
            var kept = 0;
            ref var keepBin = ref MemoryMarshal.GetArrayDataReference(_keepBin);

            // With up to 64 splitters, a key's place among them is the number below it: eight independent vector
            // compares, where a binary search is a chain of dependent loads (about 40 cycles a value).
            foreach (var value in source)
            {
                var key = OrderKey.Of(value);
                if (key <= Lower || key >= Upper)
                {
                    continue;
                }

                var bin = BinOf(key);
                bins[bin]++;
                buffer[kept] = value;
                kept += Unsafe.As<bool, byte>(ref Unsafe.Add(ref keepBin, bin));
            }

            return kept;
        }

        /// <summary>Counts (or collects) a value inside the interval; true when it is to be kept for later rounds.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(double value, ulong key, int[] counts, List<double>?[] values)
        {
            if (values[_probe] is { } inside)
            {
                counts[_countStart]++;
                inside.Add(value);
                return _keepBin[0];
            }

            var bin = BinOf(key);
            counts[_countStart + bin]++;
            return _keepBin[bin];
        }
    }

    /// <summary><see cref="Bin"/> by counting the splitters below the key, eight at a time (padding: <see cref="ulong.MaxValue"/>, below no finite value's key).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WideBin(ulong[] padded, int vectors, int splitters, ulong key)
    {
        var probe = Vector512.Create(key);
        ref var first = ref MemoryMarshal.GetArrayDataReference(padded);
        var below = 0;
        for (var v = 0; v < vectors; v++)
        {
            below += BitOperations.PopCount(Vector512.LessThan(Vector512.LoadUnsafe(ref first, (nuint)(v * 8)), probe).ExtractMostSignificantBits());
        }

        // Padding is never equal to a finite value's key, so the lookup needs no bounds test.
        return (2 * below) + Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, below) == key && below < splitters);
    }

    /// <summary>The last index whose lower end is below the key (the only interval that may hold it), or −1. Lower ends are distinct.</summary>
    private static int Last(ulong[] lowers, ulong key)
    {
        var at = Array.BinarySearch(lowers, key);
        return (at >= 0 ? at : ~at) - 1;
    }

    /// <summary>2j for the open bin before splitter j, 2j + 1 for splitter j itself (the bins of <see cref="CensusQuestion.BinsOf"/>).</summary>
    /// <remarks>A lower bound without a data-dependent branch: keys fall anywhere among the splitters, so a branch would miss about half the time.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Bin(ReadOnlySpan<ulong> splitters, ulong key)
    {
        if (splitters.IsEmpty)
        {
            return 0;
        }

        ref var first = ref MemoryMarshal.GetReference(splitters);
        var start = 0;
        var length = splitters.Length;
        while (length > 1)
        {
            // The JIT keeps a branch for a conditional inside a loop; a mask from the comparison's 0 or 1 does not.
            var half = length >> 1;
            start += half & -Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, start + half - 1) < key);
            length -= half;
        }

        var below = start + Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, start) < key);
        var on = below < splitters.Length && Unsafe.Add(ref first, below) == key;
        return (2 * below) + Unsafe.BitCast<bool, byte>(on);
    }

    /// <summary>Values a round kept aside: every value of the series strictly inside one of the intervals.</summary>
    private sealed record Kept(ulong[] Lower, ulong[] Upper, ReadOnlyMemory<double> Values)
    {
        public bool Covers(ulong lower, ulong upper)
        {
            for (var j = 0; j < Lower.Length; j++)
            {
                if (Lower[j] <= lower && upper <= Upper[j])
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>
/// What a shard's censuses reuse from one month to the next (a census is made for each month): the scratch a series is
/// read into, and each series' values kept aside between rounds. Fresh arrays each round were a shard's tenth of its
/// month's values in garbage that lived through the rounds into the oldest generation, which only a full collection
/// frees. They grow to what a month needs and stay. Not for two censuses at once: a month's census is the only one asked.
/// </summary>
public sealed class CensusBuffers
{
    private readonly Dictionary<int, double[]> _kept = [];
    private double[] _scratch = [];

    internal double[] Scratch(int count)
    {
        if (_scratch.Length < count)
        {
            _scratch = new double[count];
        }

        return _scratch;
    }

    /// <summary>A copy of <paramref name="values"/> in the series' own buffer (the copy a previous round kept is read by then).</summary>
    internal ReadOnlyMemory<double> Keep(int series, ReadOnlySpan<double> values)
    {
        if (!_kept.TryGetValue(series, out var buffer) || buffer.Length < values.Length)
        {
            // A quarter more than asked, so a month that keeps a few more values than the last does not grow it again.
            _kept[series] = buffer = new double[values.Length + (values.Length / 4)];
        }

        values.CopyTo(buffer);
        return buffer.AsMemory(0, values.Length);
    }
}
