using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

/// <summary>
/// Order statistics selected across shards by counts (<see cref="SpreadSelection"/>, <see cref="Census"/>) must be the
/// values a sort of everything puts at those ranks, so quantiles from them equal <see cref="Quantiles.Compute"/>'s bits,
/// whatever the split, the sample and the cut sizes.
/// </summary>
public sealed class SpreadSelectionTests
{
    private static readonly Gen<SelectionOptions> Options =
        from values in Gen.Int[1, 40]
        from splitters in Gen.Int[1, 9]
        from sample in Gen.Int[1, 6]
        from rounds in Gen.Int[1, 12]
        select new SelectionOptions(values, splitters, sample, rounds);

    [Fact]
    public void Quantiles_from_shards_equal_the_gathered_quantiles_bit_for_bit()
    {
        // Month after month, as a shard of a spread run asks: with buffers reused, each month's values (and the
        // intervals it keeps aside) are in the same buffers, so a value a previous month kept must never be read again.
        var gen =
            from series in Gen.Int[1, 3]
            from n in Gen.Int[1, 300]
            from months in Gen.OneOf(Generators.Value, Generators.Integral, Gen.Bool.Select(b => b ? -0.0 : 0.0)).Array[series * n].Array[2, 3]
            from shards in Gen.Int[1, 6]
            from stride in Gen.Int[1, 40]
            from options in Options
            from reuse in Gen.Bool
            from arrival in Gen.Int
            select (series, n, months, shards, stride, options, reuse, arrival);
        gen.Sample(run =>
        {
            var (series, n, months, shardCount, stride, options, reuse, arrival) = run;
            var blocks = ReplicationBlocks.Split(n, Math.Min(shardCount, n));
            var buffers = reuse ? blocks.Select(_ => new CensusBuffers()).ToArray() : null;
            // A run's one selection, reset after each month and given the shards' samples in the order they arrive
            // (here: shuffled each month), must select as a new one given them in shard order: same values, same rounds.
            var reused = new SpreadSelection(series, n, Quantiles.Ranks(n, QuantileLevels.Standard), options);
            var order = new Random(arrival);
            foreach (var values in months)
            {
                var shards = blocks.Select(b => ShardOf(values, series, n, b)).ToArray();
                var selection = Select(series, n, Quantiles.Ranks(n, QuantileLevels.Standard), blocks, shards, stride, options, buffers: buffers);
                AssertGatheredQuantiles(values, series, n, selection);

                var arrived = Enumerable.Range(0, blocks.Length).ToArray();
                order.Shuffle(arrived);
                reused.Reset();
                Select(series, n, Quantiles.Ranks(n, QuantileLevels.Standard), blocks, shards, stride, options, buffers: buffers, into: reused, arrived: arrived);
                AssertGatheredQuantiles(values, series, n, reused);
                Assert.Equal(selection.Rounds, reused.Rounds);
            }
        }, iter: 500);
    }

    [Fact]
    public void Every_rank_asked_for_is_the_sorted_value_there_zeros_signed()
    {
        var gen =
            from n in Gen.Int[1, 200]
            from values in Generators.Value.Array[n]
            from wanted in Gen.Int[0, n - 1].HashSet[1, Math.Min(n, 12)]
            from shards in Gen.Int[1, 5]
            from stride in Gen.Int[1, 25]
            from options in Options
            select (n, values, wanted, shards, stride, options);
        gen.Sample(run =>
        {
            var (n, values, wanted, shardCount, stride, options) = run;
            var ranks = wanted.Order().ToArray();
            var blocks = ReplicationBlocks.Split(n, Math.Min(shardCount, n));
            var selection = Select(1, n, ranks, blocks, [.. blocks.Select(b => values[b.Start..b.End])], stride, options);

            // −0.0 before +0.0: ordering by key is that sort.
            var sorted = values.OrderBy(OrderKey.Of).ToArray();
            foreach (var rank in ranks)
            {
                Bits.Equal(sorted[rank], selection.Value(0, rank));
            }
        }, iter: 400);
    }

    [Fact]
    public void Large_spread_values_settle_in_a_few_rounds_with_the_defaults()
    {
        // A million values over 16 shards, half of them tied at zero (a count that is mostly none): the cuts must
        // shrink the intervals geometrically, so the rounds stay few and each reply small.
        const int n = 1_000_000;
        var random = new Random(7);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = random.NextDouble() < 0.5 ? 0.0 : Math.Exp(random.NextDouble() * 10);
        }

        var blocks = ReplicationBlocks.Split(n, 16);
        var largestReply = 0;
        var selection = Select(1, n, Quantiles.Ranks(n, QuantileLevels.Standard), blocks, [.. blocks.Select(b => values[b.Start..b.End])], 61, SelectionOptions.Default,
            answer => largestReply = Math.Max(largestReply, answer.Values.Length + answer.Counts.Length));

        var expected = new double[5];
        Quantiles.Compute(values, QuantileLevels.Standard, expected);
        var actual = new double[5];
        Quantiles.FromOrderStatistics(n, QuantileLevels.Standard, rank => selection.Value(0, rank), actual);
        Bits.Equal(expected, actual);
        Assert.InRange(selection.Rounds, 1, 4);
        Assert.InRange(largestReply, 1, n / 16 / 10);
    }

    [Fact]
    public void A_shard_counts_each_value_in_its_bin_for_any_number_of_splitters()
    {
        // 1 to 70 splitters: up to 64 the bins are counted with vector compares, above by a binary search; values
        // on, between, below and above the splitters, −0.0 and +0.0 apart.
        var gen =
            from keys in Generators.Value.Select(OrderKey.Of).HashSet[1, 70]
            from values in Gen.OneOf(Generators.Value, Gen.Int[0, keys.Count - 1].Select(i => OrderKey.ToValue(keys.Order().ElementAt(i)))).Array[0, 300]
            select (Splitters: keys.Order().ToArray(), values);
        gen.Sample(run =>
        {
            var (splitters, values) = run;
            var question = new CensusQuestion([0], [OrderKey.BelowAll], [OrderKey.AboveAll], [CensusWant.Counts], [splitters.Length], splitters, 1, [], [], []);
            var answer = new ShardCensus(values, values.Length).Answer(question);

            var expected = new int[(2 * splitters.Length) + 1];
            foreach (var key in values.Select(OrderKey.Of))
            {
                var below = splitters.Count(s => s < key);
                expected[below < splitters.Length && splitters[below] == key ? (2 * below) + 1 : 2 * below]++;
            }

            Assert.Equal(expected, answer.Counts);
        }, iter: 400);
    }

    [Fact]
    public void Options_that_would_hang_or_fail_every_month_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SelectionOptions(SampleLimit: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SelectionOptions(MaxRounds: int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SelectionOptions(ValuesAtMost: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SelectionOptions.Default with { SplittersPerProbe = -3 });
    }

    [Fact]
    public void Counts_that_do_not_add_up_are_refused()
    {
        var values = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        var selection = new SpreadSelection(1, 1000, [500], new SelectionOptions(ValuesAtMost: 10));
        selection.AddSample(0, values.Where((_, i) => i % 10 == 0).ToArray());
        var question = selection.NextQuestion()!;

        // One shard answers about other values than the month asked about: one value fewer.
        var answer = new ShardCensus(values.AsMemory(1), 999).Answer(question);
        var e = Assert.Throws<InvalidOperationException>(() => selection.Take([answer]));
        Assert.Contains("holds 1000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_with_a_value_that_is_not_finite_names_it()
    {
        var selection = new SpreadSelection(1, 3, [1]);
        selection.AddSample(0, [1.0, 2.0]);
        var e = Assert.Throws<ArgumentException>(() => new ShardCensus(new[] { 1.0, double.NaN, 2.0 }, 3, firstReplication: 500).Answer(selection.NextQuestion()!));
        Assert.Contains("values[501] is NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_order_values_as_a_sort_with_negative_zero_first_and_give_them_back()
    {
        double[] ordered = [double.MinValue, -1.0, -double.Epsilon, -0.0, 0.0, double.Epsilon, 1.0, double.MaxValue];
        var keys = ordered.Select(OrderKey.Of).ToArray();
        Assert.Equal(keys.Order(), keys);
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.True(k > OrderKey.BelowAll && k < OrderKey.AboveAll));
        Assert.Equal(ordered.Select(BitConverter.DoubleToInt64Bits), keys.Select(OrderKey.ToValue).Select(BitConverter.DoubleToInt64Bits));
    }

    /// <summary>Each series' quantiles from the selection's order statistics are the bits of computing them from every value.</summary>
    private static void AssertGatheredQuantiles(double[] values, int series, int n, SpreadSelection selection)
    {
        for (var s = 0; s < series; s++)
        {
            var expected = new double[QuantileLevels.Standard.Length];
            Quantiles.Compute(values.AsSpan(s * n, n), QuantileLevels.Standard, expected);
            var actual = new double[expected.Length];
            Quantiles.FromOrderStatistics(n, QuantileLevels.Standard, rank => selection.Value(s, rank), actual);
            Bits.Equal(expected, actual);
        }
    }

    /// <summary>Runs the rounds as a run would: each shard's sample every stride-th replication, each question answered by every shard.</summary>
    /// <param name="into">A selection to use (reset); null for a new one.</param>
    /// <param name="arrived">The order the shards' samples are added in; null for shard order.</param>
    private static SpreadSelection Select(int series, int n, int[] ranks, ReplicationBlock[] blocks, double[][] shards, int stride, SelectionOptions options, Action<CensusAnswer>? seen = null, CensusBuffers[]? buffers = null, SpreadSelection? into = null, int[]? arrived = null)
    {
        var selection = into ?? new SpreadSelection(series, n, ranks, options);
        foreach (var b in arrived ?? Enumerable.Range(0, blocks.Length))
        {
            for (var s = 0; s < series; s++)
            {
                var (block, row) = (blocks[b], shards[b][(s * blocks[b].Count)..((s + 1) * blocks[b].Count)]);
                selection.AddSample(s, [.. Enumerable.Range(0, block.Count).Where(i => (block.Start + i) % stride == 0).Select(i => row[i])]);
            }
        }

        // One census per shard for the month, as a shard keeps it: later rounds read what earlier ones kept aside.
        var censuses = blocks.Select((b, i) => new ShardCensus(shards[i], b.Count, b.Start, buffers?[i])).ToArray();
        for (var round = 0; selection.NextQuestion() is { } question; round++)
        {
            Assert.True(round < 2 * (options.MaxRounds + 1), "The rounds did not end.");
            var answers = censuses.Select(c => c.Answer(question)).ToArray();
            foreach (var answer in answers)
            {
                seen?.Invoke(answer);
            }

            selection.Take(answers);
        }

        Assert.True(selection.Done);
        return selection;
    }

    private static double[] ShardOf(double[] seriesMajor, int series, int n, ReplicationBlock block)
    {
        var shard = new double[series * block.Count];
        for (var s = 0; s < series; s++)
        {
            seriesMajor.AsSpan((s * n) + block.Start, block.Count).CopyTo(shard.AsSpan(s * block.Count));
        }

        return shard;
    }
}
