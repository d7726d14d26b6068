using System.Runtime.CompilerServices;

namespace LiubeiSim.Aggregation;

/// <summary>What a probe asks each shard for about the values inside its interval.</summary>
public enum CensusWant : byte
{
    /// <summary>How many fall in each bin its splitters cut the interval into.</summary>
    Counts = 0,

    /// <summary>Every value inside (the interval is known to hold few).</summary>
    Values = 1,

    /// <summary>How many are inside, and up to <see cref="CensusQuestion.SampleLimit"/> of them spread over the block.</summary>
    Sample = 2,
}

/// <summary>
/// One round of questions a run asks every shard about the month the shards last stepped (see <see cref="SpreadSelection"/>).
/// Probe i reads series <c>Series[i]</c>, the values whose <see cref="OrderKey"/> lies strictly between <c>Lower[i]</c>
/// and <c>Upper[i]</c>, with splitters <c>Splitters[SplitterEnds[i−1]..SplitterEnds[i]]</c> (ascending, distinct,
/// strictly inside). A series' probes have disjoint intervals.
/// </summary>
public sealed record CensusQuestion(int[] Series, ulong[] Lower, ulong[] Upper, CensusWant[] Want, int[] SplitterEnds, ulong[] Splitters, int SampleLimit)
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

/// <summary>The shard's side of <see cref="SpreadSelection"/>: answers a question from its block's values.</summary>
public static class Census
{
    /// <summary>
    /// Answers <paramref name="question"/> about a block's values, series-major (<c>[series * count + replication]</c>).
    /// Every value of a series a probe reads is checked finite first, as <see cref="Quantiles.Compute"/> checks them.
    /// </summary>
    /// <exception cref="ArgumentException">A value read is NaN or infinite, or the question does not fit the block.</exception>
    public static CensusAnswer Answer(ReadOnlySpan<double> seriesMajor, int count, CensusQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var probes = question.Probes;
        var countEnds = new int[probes];
        for (var i = 0; i < probes; i++)
        {
            countEnds[i] = (i == 0 ? 0 : countEnds[i - 1]) + (question.Want[i] == CensusWant.Counts ? question.BinsOf(i) : 1);
        }

        var counts = new int[probes == 0 ? 0 : countEnds[^1]];
        var values = new List<double>[probes];

        // A series' probes in order of their intervals, so each value finds its probe by one binary search.
        foreach (var series in question.Series.Distinct())
        {
            if (series < 0 || (long)(series + 1) * count > seriesMajor.Length)
            {
                throw new ArgumentException($"Series {series} is not in a block of {count} replications and {seriesMajor.Length / Math.Max(count, 1)} series.", nameof(question));
            }

            var column = seriesMajor.Slice(series * count, count);
            Quantiles.RequireFinite(column, "values");
            var mine = Enumerable.Range(0, probes).Where(i => question.Series[i] == series).OrderBy(i => question.Lower[i]).ToArray();
            var lowers = mine.Select(i => question.Lower[i]).ToArray();
            foreach (var i in mine)
            {
                if (question.Want[i] != CensusWant.Counts)
                {
                    values[i] = [];
                }
            }

            foreach (var value in column)
            {
                var key = OrderKey.Of(value);
                var at = Last(lowers, key);
                if (at < 0)
                {
                    continue;
                }

                var probe = mine[at];
                if (key >= question.Upper[probe])
                {
                    continue;
                }

                var start = probe == 0 ? 0 : countEnds[probe - 1];
                if (question.Want[probe] == CensusWant.Counts)
                {
                    counts[start + Bin(question.SplittersOf(probe), key)]++;
                }
                else
                {
                    counts[start]++;
                    values[probe].Add(value);
                }
            }
        }

        var valueEnds = new int[probes];
        var gathered = new List<double>();
        for (var i = 0; i < probes; i++)
        {
            if (values[i] is { } inside)
            {
                if (question.Want[i] == CensusWant.Sample && inside.Count > question.SampleLimit)
                {
                    // Spread over the block: every stride-th value inside, in replication order.
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

    /// <summary>The last index whose lower end is below the key (the only interval that may hold it), or −1.</summary>
    private static int Last(ulong[] lowers, ulong key)
    {
        var lo = 0;
        var hi = lowers.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (lowers[mid] < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }

    /// <summary>2j for the open bin before splitter j, 2j + 1 for splitter j itself (the bins of <see cref="CensusQuestion.BinsOf"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Bin(ReadOnlySpan<ulong> splitters, ulong key)
    {
        var lo = 0;
        var hi = splitters.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (splitters[mid] < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < splitters.Length && splitters[lo] == key ? (2 * lo) + 1 : 2 * lo;
    }
}
