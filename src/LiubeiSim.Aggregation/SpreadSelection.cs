namespace LiubeiSim.Aggregation;

/// <summary>
/// Exact order statistics of values spread over shards, without gathering them: the run's side of a distributed
/// selection. Each needed rank starts in the interval of every value; each round, the run cuts the interval of every
/// rank not yet known with splitters taken from a sample of the values, the shards count their values in each bin
/// (<see cref="ShardCensus"/>), and the rank's new interval is the bin its count falls in. A rank that falls on a splitter
/// is that value; an interval holding few values is asked for whole and the rank read off directly.
/// </summary>
/// <remarks>
/// <para>
/// Every step compares <see cref="OrderKey"/>s and adds integer counts, so the result is the value a sort of all
/// values (−0.0 before +0.0) puts at the rank, whatever the sample, the split into shards or the number of rounds:
/// the sample only decides how fast the intervals shrink. Splitters are placed in a window of ±5 binomial standard
/// deviations around where the sample says a rank lies, so most intervals shrink to about 1/√n of their values in
/// the first round (n: the sample) and to a few thousand values by the second or third.
/// </para>
/// <para>
/// Counts that do not add up to the interval they were asked about (a shard that answered for other values) throw,
/// never a wrong number. The <see cref="SelectionOptions.MaxRounds"/>-th round asks for every interval left whole.
/// </para>
/// </remarks>
public sealed class SpreadSelection
{
    private readonly int _total;
    private readonly int[] _ranks;
    private readonly SelectionOptions _options;
    private readonly List<ulong>[] _samples;
    private readonly bool[] _sorted;
    private readonly RankState[,] _state;
    private List<int[]> _probeRanks = [];
    private CensusQuestion? _asked;
    private int _rounds;

    /// <param name="series">How many series (each is selected on its own).</param>
    /// <param name="total">Values of each series over every shard.</param>
    /// <param name="ranks">The ranks wanted in every series: ascending, distinct, in [0, total).</param>
    /// <param name="options">How fine the cuts are; null for <see cref="SelectionOptions.Default"/>.</param>
    public SpreadSelection(int series, int total, int[] ranks, SelectionOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        ArgumentNullException.ThrowIfNull(ranks);
        for (var i = 0; i < ranks.Length; i++)
        {
            if (ranks[i] < 0 || ranks[i] >= total || (i > 0 && ranks[i] <= ranks[i - 1]))
            {
                throw new ArgumentException($"Ranks must be ascending, distinct and in [0, {total}); rank {i} is {ranks[i]}.", nameof(ranks));
            }
        }

        _total = total;
        _ranks = ranks;
        _options = options ?? SelectionOptions.Default;
        _samples = [.. Enumerable.Range(0, series).Select(_ => new List<ulong>())];
        _sorted = new bool[series];
        _state = new RankState[series, ranks.Length];
        Reset();
    }

    /// <summary>
    /// Forgets the sample and every rank, keeping the sample lists' room: a run selects each month's ranks afresh, and a
    /// new selection a month would leave its sample (a list a series, up to 64 KB each) as garbage that outlived the
    /// month's rounds, so only a full collection of the run's silo freed it.
    /// </summary>
    public void Reset()
    {
        for (var s = 0; s < _samples.Length; s++)
        {
            _samples[s].Clear();
            _sorted[s] = false;
            for (var r = 0; r < _ranks.Length; r++)
            {
                _state[s, r] = new RankState(OrderKey.BelowAll, OrderKey.AboveAll, 0, _total);
            }
        }

        _probeRanks = [];
        _asked = null;
        _rounds = 0;
    }

    /// <summary>How finely this selection cuts (the options it was made with, or the defaults).</summary>
    public SelectionOptions Options => _options;

    /// <summary>Rounds asked so far (0 when new or just reset: every month takes at least one).</summary>
    public int Rounds => _rounds;

    public IReadOnlyList<int> Ranks => _ranks;

    /// <summary>Adds values of a series to the sample the splitters come from (any of its values, from any shard).</summary>
    public void AddSample(int series, ReadOnlySpan<double> values)
    {
        var sample = _samples[series];
        foreach (var value in values)
        {
            sample.Add(OrderKey.Of(value));
        }

        _sorted[series] = false;
    }

    /// <summary>The next round's question for every shard, or null when every rank of every series is known.</summary>
    public CensusQuestion? NextQuestion()
    {
        if (_asked is not null)
        {
            throw new InvalidOperationException("The last question has not been answered yet.");
        }

        var series = new List<int>();
        var lower = new List<ulong>();
        var upper = new List<ulong>();
        var want = new List<CensusWant>();
        var ends = new List<int>();
        var splitters = new List<ulong>();
        var probeRanks = new List<int[]>();
        var keepSeries = new List<int>();
        var keepLower = new List<ulong>();
        var keepUpper = new List<ulong>();
        var lastRound = _rounds + 1 >= _options.MaxRounds;
        for (var s = 0; s < _samples.Length; s++)
        {
            var keep = new List<(ulong Lower, ulong Upper)>();
            // Ranks in the same interval share a probe: intervals of one series are then disjoint (each came from
            // cutting the same earlier interval at the same splitters, or from cutting disjoint ones).
            foreach (var group in Enumerable.Range(0, _ranks.Length).Where(r => !_state[s, r].Known).GroupBy(r => (_state[s, r].Lower, _state[s, r].Upper)))
            {
                var ranks = group.ToArray();
                var state = _state[s, ranks[0]];
                var whole = lastRound || state.Inside <= _options.ValuesAtMost;
                var cut = whole ? [] : Splitters(s, state, ranks, keep);
                series.Add(s);
                lower.Add(state.Lower);
                upper.Add(state.Upper);
                want.Add(whole ? CensusWant.Values : cut.Count == 0 ? CensusWant.Sample : CensusWant.Counts);
                splitters.AddRange(cut);
                ends.Add(splitters.Count);
                probeRanks.Add(ranks);
                if (!whole && cut.Count == 0)
                {
                    // A sample round leaves the interval as it is: the next round asks about it again.
                    keep.Add((state.Lower, state.Upper));
                }
            }

            // Overlapping windows (ranks close together) merged, so a series' keep intervals are disjoint.
            foreach (var (from, to) in Merge(keep))
            {
                keepSeries.Add(s);
                keepLower.Add(from);
                keepUpper.Add(to);
            }
        }

        if (series.Count == 0)
        {
            return null;
        }

        _probeRanks = probeRanks;
        _asked = new CensusQuestion([.. series], [.. lower], [.. upper], [.. want], [.. ends], [.. splitters], _options.SampleLimit, [.. keepSeries], [.. keepLower], [.. keepUpper]);
        return _asked;
    }

    /// <summary>Takes every shard's answer to the last question (one per shard, in any order).</summary>
    /// <exception cref="InvalidOperationException">No question is waiting, or the shards' counts do not add up to the values asked about.</exception>
    public void Take(IReadOnlyList<CensusAnswer> answers)
    {
        var question = _asked ?? throw new InvalidOperationException("No question is waiting for answers.");
        _asked = null;
        _rounds++;
        var countStart = 0;
        for (var i = 0; i < question.Probes; i++)
        {
            var s = question.Series[i];
            var ranks = _probeRanks[i];
            var state = _state[s, ranks[0]];
            var bins = question.Want[i] == CensusWant.Counts ? question.BinsOf(i) : 1;
            var counts = new long[bins];
            foreach (var answer in answers)
            {
                for (var b = 0; b < bins; b++)
                {
                    counts[b] += answer.Counts[countStart + b];
                }
            }

            countStart += bins;
            var inside = counts.Sum();
            if (inside != state.Inside)
            {
                throw new InvalidOperationException($"The shards counted {inside} values of series {s} in an interval that holds {state.Inside}: their values are not the month the run asked about.");
            }

            switch (question.Want[i])
            {
                case CensusWant.Values:
                    var keys = answers.SelectMany(a => a.ValuesOf(i).ToArray()).Select(OrderKey.Of).ToArray();
                    if (keys.Length != inside)
                    {
                        throw new InvalidOperationException($"The shards sent {keys.Length} values of series {s} for an interval that holds {inside}.");
                    }

                    Array.Sort(keys);
                    foreach (var r in ranks)
                    {
                        _state[s, r] = state with { Known = true, Value = OrderKey.ToValue(keys[_ranks[r] - state.Below]) };
                    }

                    break;
                case CensusWant.Sample:
                    foreach (var answer in answers)
                    {
                        AddSample(s, answer.ValuesOf(i));
                    }

                    break;
                default:
                    Narrow(s, ranks, state, question.SplittersOf(i), counts);
                    break;
            }
        }
    }

    /// <summary>Every rank known? Then <see cref="Value"/> answers.</summary>
    public bool Done => _state.Cast<RankState>().All(r => r.Known);

    /// <summary>The value at rank <paramref name="rank"/> (one of <see cref="Ranks"/>) of a series, once known.</summary>
    public double Value(int series, int rank)
    {
        var index = Array.BinarySearch(_ranks, rank);
        if (index < 0 || !_state[series, index].Known)
        {
            throw new InvalidOperationException($"Rank {rank} of series {series} is not known{(index < 0 ? " (it was not asked for)" : " yet")}.");
        }

        return _state[series, index].Value;
    }

    /// <summary>Each rank moves to the bin its count falls in: a splitter's own bin is the value itself.</summary>
    private void Narrow(int s, int[] ranks, RankState state, ReadOnlySpan<ulong> cut, long[] counts)
    {
        foreach (var r in ranks)
        {
            var wanted = _ranks[r] - state.Below;
            var before = 0L;
            var bin = 0;
            while (before + counts[bin] <= wanted)
            {
                before += counts[bin++];
            }

            if (bin % 2 == 1)
            {
                _state[s, r] = state with { Known = true, Value = OrderKey.ToValue(cut[bin / 2]) };
                continue;
            }

            var j = bin / 2;
            _state[s, r] = new RankState(j == 0 ? state.Lower : cut[j - 1], j == cut.Length ? state.Upper : cut[j], state.Below + before, counts[bin]);
        }
    }

    /// <summary>
    /// Splitters for an interval from the sample values inside it: all of them when they are few, otherwise evenly
    /// spaced across a window of ±5 binomial standard deviations around each rank's place in the sample. Adds to
    /// <paramref name="keep"/> where the ranks will most likely be next: each window, or the whole interval.
    /// </summary>
    private List<ulong> Splitters(int s, RankState state, int[] ranks, List<(ulong Lower, ulong Upper)> keep)
    {
        var sample = _samples[s];
        if (!_sorted[s])
        {
            sample.Sort();
            _sorted[s] = true;
        }

        var a = Below(sample, state.Lower, orEqual: true);
        var b = Below(sample, state.Upper, orEqual: false);
        var n = b - a;
        var keys = new List<ulong>();
        if (n <= _options.SplittersPerProbe)
        {
            keys.AddRange(sample.Skip(a).Take(n));
            if (n > 0)
            {
                keep.Add((state.Lower, state.Upper));
            }
        }
        else
        {
            var perRank = Math.Max(2, _options.SplittersPerProbe / ranks.Length);
            foreach (var r in ranks)
            {
                var q = (_ranks[r] - state.Below + 0.5) / state.Inside;
                var at = a + (q * n);
                var half = (5.0 * Math.Sqrt(n * q * (1.0 - q))) + 2.0;
                var from = (int)Math.Clamp(Math.Floor(at - half), a, b - 1);
                var to = (int)Math.Clamp(Math.Ceiling(at + half), a, b - 1);
                for (var t = 0; t < perRank; t++)
                {
                    keys.Add(sample[from + (int)Math.Round((double)t * (to - from) / (perRank - 1))]);
                }

                if (sample[from] < sample[to])
                {
                    keep.Add((sample[from], sample[to]));
                }
            }
        }

        keys.Sort();
        return [.. keys.Distinct()];
    }

    /// <summary>Open intervals merged where they overlap, in order.</summary>
    private static List<(ulong Lower, ulong Upper)> Merge(List<(ulong Lower, ulong Upper)> intervals)
    {
        var merged = new List<(ulong Lower, ulong Upper)>();
        foreach (var (lower, upper) in intervals.OrderBy(i => i.Lower))
        {
            if (merged.Count > 0 && lower < merged[^1].Upper)
            {
                merged[^1] = (merged[^1].Lower, Math.Max(merged[^1].Upper, upper));
            }
            else
            {
                merged.Add((lower, upper));
            }
        }

        return merged;
    }

    /// <summary>How many keys of a sorted list are below <paramref name="key"/> (or equal to it too): where a run of equal keys starts or ends.</summary>
    private static int Below(List<ulong> sorted, ulong key, bool orEqual)
    {
        var lo = 0;
        var hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < key || (orEqual && sorted[mid] == key))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Where one rank stands: in (Lower, Upper), with Below values under the interval and Inside in it; or known.</summary>
    private readonly record struct RankState(ulong Lower, ulong Upper, long Below, long Inside)
    {
        public bool Known { get; init; }

        public double Value { get; init; }
    }
}

/// <summary>How finely <see cref="SpreadSelection"/> cuts: these change the rounds and the bytes sent, never a result.</summary>
/// <param name="ValuesAtMost">An interval holding at most this many values (over every shard) is asked for whole.</param>
/// <param name="SplittersPerProbe">Splitters per interval, shared among the ranks in it.</param>
/// <param name="SampleLimit">Values each shard sends when asked for a sample of an interval the run has none of.</param>
/// <param name="MaxRounds">The round of this number asks for every interval left whole (1 to 64).</param>
public sealed record SelectionOptions(int ValuesAtMost = 1024, int SplittersPerProbe = 64, int SampleLimit = 256, int MaxRounds = 16)
{
    public static SelectionOptions Default { get; } = new();

    private readonly int _valuesAtMost = Within(ValuesAtMost, 1, int.MaxValue, nameof(ValuesAtMost));
    private readonly int _splittersPerProbe = Within(SplittersPerProbe, 1, int.MaxValue, nameof(SplittersPerProbe));
    private readonly int _sampleLimit = Within(SampleLimit, 1, int.MaxValue, nameof(SampleLimit));
    private readonly int _maxRounds = Within(MaxRounds, 1, 64, nameof(MaxRounds));

    public int ValuesAtMost { get => _valuesAtMost; init => _valuesAtMost = Within(value, 1, int.MaxValue, nameof(ValuesAtMost)); }

    public int SplittersPerProbe { get => _splittersPerProbe; init => _splittersPerProbe = Within(value, 1, int.MaxValue, nameof(SplittersPerProbe)); }

    public int SampleLimit { get => _sampleLimit; init => _sampleLimit = Within(value, 1, int.MaxValue, nameof(SampleLimit)); }

    /// <summary>Between 1 (every interval fetched whole at once) and 64.</summary>
    public int MaxRounds { get => _maxRounds; init => _maxRounds = Within(value, 1, 64, nameof(MaxRounds)); }

    /// <summary>Refuses a setting that would fail every month or never end (a sample of no values, rounds without bound).</summary>
    private static int Within(int value, int least, int most, string name) =>
        value >= least && value <= most ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {least} and {most}.");
}
