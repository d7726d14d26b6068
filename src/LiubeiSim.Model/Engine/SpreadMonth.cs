using System.Globalization;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// A month's statistics computed where the values are: each shard keeps its block's reported values and the run asks
/// for a sample, rounds of counts (<see cref="SpreadSelection"/>), each series' sum continued shard after shard in
/// replication order, and at the end of the horizon the targets' counts. No replication's values are gathered in one
/// place, and every number is the one <see cref="RunAccumulator"/> computes from the gathered month, bit for bit.
/// </summary>
public static class SpreadMonth
{
    /// <summary>The replications of a block whose run-wide index is a multiple of <paramref name="stride"/>: (first offset in the block, how many).</summary>
    public static (int First, int Count) Sampled(ReplicationBlock block, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        var first = (int)((stride - (block.Start % stride)) % stride);
        return first < block.Count ? (first, ((block.Count - 1 - first) / stride) + 1) : (first, 0);
    }

    /// <summary>
    /// A shard's sample: <paramref name="reported"/> (series-major over the block) at the sampled replications,
    /// series-major, written to <paramref name="into"/> (<see cref="SeriesLayout.Count"/> × the sampled count long).
    /// </summary>
    public static void Sample(ReadOnlySpan<double> reported, ReplicationBlock block, int stride, Span<double> into)
    {
        var (first, count) = Sampled(block, stride);
        if (into.Length != SeriesLayout.Count * count || reported.Length != SeriesLayout.Count * block.Count)
        {
            throw new ArgumentException($"A sample at stride {stride} of {SeriesLayout.Count} series over block {block} holds {SeriesLayout.Count * count} values; got room for {into.Length} from {reported.Length}.", nameof(into));
        }

        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            SampleRow(reported.Slice(s * block.Count, block.Count), first, stride, into.Slice(s * count, count));
        }
    }

    /// <summary><see cref="Sample(ReadOnlySpan{double}, ReplicationBlock, int, Span{double})"/>, one array a series (each the sampled count long).</summary>
    public static void Sample(ReadOnlySpan<double> reported, ReplicationBlock block, int stride, double[][] into)
    {
        var (first, count) = Sampled(block, stride);
        if (into.Length != SeriesLayout.Count || into.Any(series => series.Length != count) || reported.Length != SeriesLayout.Count * block.Count)
        {
            throw new ArgumentException($"A sample at stride {stride} over block {block} is {SeriesLayout.Count} series of {count} values; got {into.Length} arrays for {reported.Length} values.", nameof(into));
        }

        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            SampleRow(reported.Slice(s * block.Count, block.Count), first, stride, into[s]);
        }
    }

    private static void SampleRow(ReadOnlySpan<double> row, int first, int stride, Span<double> into)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = row[first + (i * stride)];
        }
    }

    /// <summary>A shard's part of the means: each series' running sum continued over the block, in replication order.</summary>
    public static double[] ContinueSums(ReadOnlySpan<double> reported, int count, double[] sums)
    {
        if (sums.Length != SeriesLayout.Count || reported.Length != SeriesLayout.Count * count)
        {
            throw new ArgumentException($"Sums of {SeriesLayout.Count} series over a block of {count} replications; got {sums.Length} sums and {reported.Length} values.", nameof(sums));
        }

        var continued = new double[sums.Length];
        for (var s = 0; s < sums.Length; s++)
        {
            continued[s] = FixedOrderSum.Continue(sums[s], reported.Slice(s * count, count));
        }

        return continued;
    }

    /// <summary>A shard's part of the target probabilities: its replications meeting each target, in the scenario's order.</summary>
    public static int[] CountTargetsMet(ModelParameters parameters, ReadOnlySpan<double> reported, int count)
    {
        var targets = parameters.Scenario.Targets;
        var met = new int[targets.Count];
        for (var t = 0; t < met.Length; t++)
        {
            var series = SeriesLayout.IndexOf(targets[t].Indicator, targets[t].Scope);
            met[t] = RunAccumulator.CountMet(targets[t], reported.Slice(series * count, count), RunAccumulator.TargetBase(parameters, targets[t]));
        }

        return met;
    }

    /// <summary>
    /// A run's selection for the months of its statistics (<see cref="StatisticsAsync"/>): one for the whole run, reset
    /// after each month, so its sample lists are made once.
    /// </summary>
    public static SpreadSelection Selection(int replications, SelectionOptions? options) =>
        new(SeriesLayout.Count, replications, Quantiles.Ranks(replications, QuantileLevels.Standard), options);

    /// <summary>
    /// Adds a shard's sample for the month (<see cref="Sample(ReadOnlySpan{double}, ReplicationBlock, int, Span{double})"/>,
    /// at <paramref name="stride"/> over <paramref name="block"/>) to the run's selection as it arrives, so the run
    /// does not hold every shard's sample array until the slowest shard is done. The order shards arrive in does not
    /// matter: the selection sorts its sample before it cuts.
    /// </summary>
    public static void AddSample(SpreadSelection selection, ReplicationBlock block, int stride, ReadOnlySpan<double> sample)
    {
        var (_, count) = Sampled(block, stride);
        if (sample.Length != SeriesLayout.Count * count)
        {
            throw new ArgumentException($"A sample at stride {stride} of {SeriesLayout.Count} series over block {block} holds {SeriesLayout.Count * count} values; the shard sent {sample.Length}.", nameof(sample));
        }

        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            selection.AddSample(s, sample.Slice(s * count, count));
        }
    }

    /// <summary>
    /// A sample sent one array a series (<see cref="Sample(ReadOnlySpan{double}, ReplicationBlock, int, double[][])"/>)
    /// laid end to end in <paramref name="into"/>, which is made (again) when it is not the sample's size, so a caller
    /// that keeps it makes it once.
    /// </summary>
    /// <param name="bySeries">What the shard sent.</param>
    /// <param name="block">The shard's block.</param>
    /// <param name="stride">The stride the sample was asked for at (2 or more).</param>
    /// <param name="into">The caller's array for the joined sample.</param>
    /// <param name="sender">Who sent it, for the error (e.g. "shard 3, month 5").</param>
    /// <exception cref="InvalidDataException">The answer is not that sample's shape (a shard of another version, or a fault): it would give the same answer again.</exception>
    public static ReadOnlyMemory<double> JoinSample(double[][]? bySeries, ReplicationBlock block, int stride, ref double[] into, string sender)
    {
        var count = Sampled(block, stride).Count;
        if (bySeries is null || bySeries.Length != SeriesLayout.Count)
        {
            throw new InvalidDataException($"{sender} sent a sample of {bySeries?.Length.ToString(CultureInfo.InvariantCulture) ?? "no"} series; {SeriesLayout.Count} series of {count} values each were asked for (stride {stride} over replications {block.Start} to {block.End - 1}).");
        }

        for (var s = 0; s < bySeries.Length; s++)
        {
            if (bySeries[s] is not { } series || series.Length != count)
            {
                throw new InvalidDataException($"{sender} sent {bySeries[s]?.Length.ToString(CultureInfo.InvariantCulture) ?? "no"} values for series {s} ({SeriesLayout.All[s].Indicator.Id}, {SeriesLayout.All[s].Scope}); {count} were asked for (stride {stride} over replications {block.Start} to {block.End - 1}).");
            }
        }

        if (into.Length != SeriesLayout.Count * count)
        {
            into = new double[SeriesLayout.Count * count];
        }

        for (var s = 0; s < bySeries.Length; s++)
        {
            bySeries[s].CopyTo(into, s * count);
        }

        return into;
    }

    /// <summary>
    /// The month's statistics of every series: quantiles by distributed selection from the shards' samples (already in
    /// <paramref name="selection"/>, see <see cref="AddSample"/>), then means by sums passed from shard to shard in
    /// replication order. One call at a time to each shard, so a shard lost mid-month is replaced by one caller, never
    /// by two at once, and nothing is left running when a round fails. The selection is left with the month's ranks:
    /// reset it before the next month's samples.
    /// </summary>
    /// <param name="shards">Every shard of the run; their blocks tile the replications.</param>
    /// <param name="selection">The run's selection (<see cref="Selection"/>) holding every shard's sample for this month.</param>
    /// <param name="month">The month the shards last stepped.</param>
    /// <param name="replications">The run's replications (the blocks' total).</param>
    /// <param name="cancellationToken">Ends the rounds.</param>
    /// <exception cref="InvalidOperationException">The selection still holds an earlier month's ranks (it was not reset).</exception>
    public static async Task<SeriesStatistics[]> StatisticsAsync(
        IReadOnlyList<IShardStepper> shards,
        SpreadSelection selection,
        int month,
        int replications,
        CancellationToken cancellationToken)
    {
        // A selection not reset would answer at once with the last month's values: refused, never a wrong month.
        if (selection.Rounds != 0)
        {
            throw new InvalidOperationException($"Month {month}'s selection still holds the ranks of an earlier month ({selection.Rounds} rounds asked): reset it before adding the month's samples.");
        }

        // Bounded: the MaxRounds-th round asks for every interval left whole, so no question follows it.
        var limit = selection.Options.MaxRounds;
        for (var round = 0; selection.NextQuestion() is { } question; round++)
        {
            if (round >= limit)
            {
                throw new InvalidOperationException($"Month {month}'s quantiles were not settled after {limit} rounds.");
            }

            selection.Take(await Task.WhenAll(shards.Select(shard => shard.Census(month, question, cancellationToken).AsTask())));
        }

        var sums = await MeansAsync(shards, month, replications, cancellationToken);
        var statistics = new SeriesStatistics[SeriesLayout.Count];
        Span<double> quantiles = stackalloc double[QuantileLevels.Standard.Length];
        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            Quantiles.FromOrderStatistics(replications, QuantileLevels.Standard, rank => selection.Value(s, rank), quantiles);
            statistics[s] = new SeriesStatistics(quantiles[0], quantiles[1], quantiles[2], quantiles[3], quantiles[4], sums[s] / replications);
        }

        return statistics;
    }

    /// <summary>Target counts summed over the shards (integers: any order gives the same).</summary>
    public static async Task<long[]> TargetsMetAsync(IReadOnlyList<IShardStepper> shards, int month, int targets, CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(shards.Select(shard => shard.CountTargetsMet(month, cancellationToken).AsTask()));
        var met = new long[targets];
        foreach (var shard in counts)
        {
            for (var t = 0; t < targets; t++)
            {
                met[t] += shard[t];
            }
        }

        return met;
    }

    /// <summary>Each series' sum over every replication, left to right: the shards one after the other by block start.</summary>
    private static async Task<double[]> MeansAsync(IReadOnlyList<IShardStepper> shards, int month, int replications, CancellationToken cancellationToken)
    {
        var sums = new double[SeriesLayout.Count];
        var covered = 0;
        foreach (var shard in shards.Where(s => s.Block.Count > 0).OrderBy(s => s.Block.Start))
        {
            if (shard.Block.Start != covered)
            {
                throw new ArgumentException($"Shard blocks must tile the replications; block {shard.Block} follows [0, {covered}).", nameof(shards));
            }

            sums = await shard.ContinueSums(month, sums, cancellationToken);
            covered += shard.Block.Count;
        }

        if (covered != replications)
        {
            throw new ArgumentException($"The shards' blocks cover [0, {covered}) but the run has {replications} replications.", nameof(shards));
        }

        return sums;
    }
}
