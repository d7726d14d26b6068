using CsCheck;
using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Aggregation.Tests;

/// <summary>
/// The fast paths at sizes the small property tests never reach: roll-ups across several cache tiles and vector
/// tails, and selection-based quantiles on thousands of replications with heavy ties, signed zeros and the input
/// orders that defeat a naive quickselect. Each is compared bit for bit with the straightforward version.
/// </summary>
public class LargeInputTests
{
    /// <summary>Values with many ties and zeros of both signs, the cases where selection and sorting could part ways.</summary>
    private static readonly Gen<double> Tied = Gen.OneOf<double>(
        Gen.Int[-4, 4].Select(i => (double)i),
        Gen.Bool.Select(negative => negative ? -0.0 : 0.0),
        Gen.Double[-1e3, 1e3]);

    private static readonly Gen<double[]> Column = Gen.OneOf(
        Generators.Value.Array[1, 5000],
        Tied.Array[1, 5000],
        Gen.Int[-2, 2].Select(i => (double)i).Array[100, 3000]);

    private static readonly double[] Levels = [.. QuantileLevels.Standard, 0, 1, 0.25, 0.75, 0.333];

    private static double[] Compute(double[] values, double[] probabilities)
    {
        var destination = new double[probabilities.Length];
        Quantiles.Compute(values, probabilities, destination);
        return destination;
    }

    [Fact]
    public void Selection_equals_sorting_on_large_columns() =>
        Column.Sample(
            values =>
            {
                var copy = values.ToArray();
                Bits.Equal(Reference.QuantilesBySorting(values, Levels), Compute(values, Levels));
                Bits.Equal(copy, values);
            },
            iter: 300);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(10_001)]
    public void Selection_equals_sorting_on_ordered_and_adversarial_inputs(int n)
    {
        double[][] shapes =
        [
            [.. Enumerable.Range(0, n).Select(i => (double)i)],
            [.. Enumerable.Range(0, n).Select(i => (double)(n - i))],
            [.. Enumerable.Range(0, n).Select(i => (double)Math.Min(i, n - i))],
            [.. Enumerable.Range(0, n).Select(_ => 3.0)],
            [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -0.0 : 0.0)],
            [.. Enumerable.Range(0, n).Select(i => (double)(i % 7))],
            [.. Enumerable.Range(0, n).Select(i => i < n / 2 ? 0.0 : -0.0)],
        ];
        foreach (var values in shapes)
        {
            Bits.Equal(Reference.QuantilesBySorting(values, Levels), Compute(values, Levels));
        }
    }

    private const int BracketFrom = Selection.BracketFrom;

    /// <summary>Columns long enough for the bracketed selection.</summary>
    private static readonly Gen<double[]> LongColumn = Gen.OneOf(
        Gen.Double[-1e3, 1e3].Array[BracketFrom, 60_000],
        Tied.Array[BracketFrom, 40_000],
        Gen.Int[0, 6].Select(i => (double)i).Array[BracketFrom, 40_000],
        Gen.Bool.Select(negative => negative ? -0.0 : 0.0).Array[BracketFrom, 20_000]);

    /// <summary>Levels whose ranks (at most 16) the bracketed selection takes; <see cref="Levels"/> needs up to 20, and takes the other path.</summary>
    private static readonly double[] BracketedLevels = [0, 0.05, 0.25, 0.333, 0.5, 0.75, 0.95, 1];

    [Fact]
    public void Bracketed_selection_equals_sorting_on_long_columns()
    {
        NarrowVectors.AssertNarrowed();
        LongColumn.Sample(
            values =>
            {
                var copy = values.ToArray();
                Bits.Equal(Reference.QuantilesBySorting(values, [.. QuantileLevels.Standard]), Compute(values, [.. QuantileLevels.Standard]));
                Bits.Equal(Reference.QuantilesBySorting(values, BracketedLevels), Compute(values, BracketedLevels));
                Bits.Equal(Reference.QuantilesBySorting(values, Levels), Compute(values, Levels));
                Bits.Equal(copy, values);
            },
            iter: 60);
    }

    /// <summary>Up to eight probabilities (16 ranks, the bracketed path's most), the ends and near neighbours included.</summary>
    private static readonly Gen<double[]> FewLevels = Gen.OneOf(
        Gen.Double[0, 1],
        Gen.Const(0.0),
        Gen.Const(1.0),
        Gen.Int[1, 40].Select(k => k / 40.0)).Array[1, 8];

    /// <summary>Long columns of the shapes that trouble a sample: runs, periods, plateaus, a few far outliers.</summary>
    private static readonly Gen<double[]> AwkwardColumn = Gen.Int[BracketFrom, 40_000].SelectMany(n => Gen.OneOf(
        Gen.Int[1, 64].Select(period => Enumerable.Range(0, n).Select(i => (double)(i % period)).ToArray()),
        Gen.Int[0, 3].Select(shape => Enumerable.Range(0, n).Select(i => shape switch
        {
            0 => (double)i,
            1 => (double)(n - i),
            2 => i < n / 3 ? -0.0 : i < 2 * n / 3 ? 1.0 : 0.0,
            _ => i % 997 == 0 ? 1e300 : (i % 5) - 2.0,
        }).ToArray()),
        Tied.Array[n]));

    [Fact]
    public void Bracketed_selection_equals_sorting_for_any_few_levels_on_awkward_columns() =>
        Gen.Select(AwkwardColumn, FewLevels).Sample(
            (values, levels) => Bits.Equal(Reference.QuantilesBySorting(values, levels), Compute(values, levels)),
            iter: 120);

    [Fact]
    public void Order_statistics_equal_sorting_for_any_ranks_with_a_scratch_as_long_as_the_column() =>
        Gen.Select(Gen.OneOf(LongColumn, AwkwardColumn), Gen.Int[1, 16], Gen.UInt).Sample(
            (values, count, seed) =>
            {
                // Ranks drawn from the whole range, the ends and clusters of neighbours (a quantile's two) included.
                var n = values.Length;
                var random = new Random((int)seed);
                var ranks = Enumerable.Range(0, count)
                    .Select(_ => random.Next(4) switch { 0 => 0, 1 => n - 1, 2 => Math.Min(n - 1, (n / 2) + random.Next(3)), _ => random.Next(n) })
                    .Distinct().Order().ToArray();
                var sorted = values.ToArray();
                Array.Sort(sorted);
                var scratch = new double[n];
                scratch.AsSpan().Fill(double.NaN);
                var into = new double[ranks.Length];
                into.AsSpan().Fill(double.NaN);
                Selection.OrderStatistics(values, scratch, ranks, into);

                // Equal under <, as the contract says (the signs of zero are the caller's to settle).
                for (var k = 0; k < ranks.Length; k++)
                {
                    Assert.True(into[k] == sorted[ranks[k]], $"rank {ranks[k]} of {n}: {into[k]} instead of {sorted[ranks[k]]}");
                }
            },
            iter: 150);

    [Fact]
    public void The_sample_offsets_by_multiplication_are_the_remainders()
    {
        // Every stride a column up to 2^31 values can have, a sample of them, and i across its whole range.
        var random = new Random(17);
        var strides = Enumerable.Range(1, 4_096).Concat(Enumerable.Range(0, 2_000).Select(_ => random.Next(1, int.MaxValue))).Append(int.MaxValue);
        foreach (var stride in strides)
        {
            var multiplier = Selection.RemainderMultiplier(stride);
            foreach (var i in Enumerable.Range(0, 64).Concat(Enumerable.Range(0, 64).Select(_ => random.Next())).Append(int.MaxValue))
            {
                Assert.Equal(Selection.SampleOffset(i, stride), Selection.SampleOffset(i, stride, multiplier));
            }
        }
    }

    [Theory]
    [InlineData(8_192)]
    [InlineData(50_003)]
    public void A_rank_one_place_outside_its_bracket_is_a_miss(int n)
    {
        // The sample reads only values of 1e6, so every bracket is [1e6, 1e6]; the rest of the column lies below it
        // (small) or above it (2e6). The rank just below the sampled values and the one just above them are both
        // outside their bracket by one place: each must come from the whole column, not from the bracket.
        var size = Math.Clamp(n / 8, 256, 32_768);
        var stride = n / size;
        var sampled = Enumerable.Range(0, size).Select(i => (i * stride) + Selection.SampleOffset(i, stride)).ToHashSet();
        var small = 0;
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = sampled.Contains(i) ? 1e6 : small < n / 2 ? small++ % 1000 : 2e6;
        }

        // One rank at a time: a miss of either sends both to the whole column.
        var into = new double[1];
        Selection.OrderStatistics(values, new double[n], [small - 1], into);
        Assert.Equal(999.0, into[0]);
        Selection.OrderStatistics(values, new double[n], [small + size], into);
        Assert.Equal(2e6, into[0]);
        Selection.OrderStatistics(values, new double[n], [small, small + size - 1], into = new double[2]);
        Assert.Equal([1e6, 1e6], into);
    }

    [Theory]
    [InlineData(BracketFrom)]
    [InlineData(50_003)]
    public void Bracketed_selection_falls_back_when_the_sample_misses(int n)
    {
        // Every value the sample reads (one in each stretch of n / size values, at Selection.SampleOffset within it) is
        // far above the rest, so every bracket lies above the ranks it must hold: the counts show the miss and the
        // whole column is selected instead.
        var size = Math.Clamp(n / 8, 256, 32_768);
        var stride = n / size;
        var sampled = Enumerable.Range(0, size).Select(i => (i * stride) + Selection.SampleOffset(i, stride)).ToHashSet();
        var values = Enumerable.Range(0, n).Select(i => sampled.Contains(i) ? 1e6 + i : (double)(i % 97)).ToArray();
        Bits.Equal(Reference.QuantilesBySorting(values, BracketedLevels), Compute(values, BracketedLevels));

        // A bracket of one value (a count that is mostly zero) is answered without gathering its values.
        var counts = Enumerable.Range(0, n).Select(i => i % 50 == 0 ? i % 3 + 1 : (i % 7 == 0 ? -0.0 : 0.0)).ToArray();
        Bits.Equal(Reference.QuantilesBySorting(counts, BracketedLevels), Compute(counts, BracketedLevels));
    }

    [Fact]
    public void ComputeColumns_equals_sorting_each_row() =>
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 2500]).SelectMany((rows, replications) =>
            Tied.Array[rows * replications].Select(values => (rows, replications, values)))
        .Sample(
            (rows, replications, values) =>
            {
                var levels = QuantileLevels.Standard.ToArray();
                var destination = new double[rows * levels.Length];
                Quantiles.ComputeColumns(values, rows, levels, destination);
                for (var k = 0; k < rows; k++)
                {
                    Bits.Equal(
                        Reference.QuantilesBySorting(values.AsSpan(k * replications, replications), levels),
                        destination.AsSpan(k * levels.Length, levels.Length));
                }
            },
            iter: 100);

    [Fact]
    public void Rejects_an_infinity_after_the_first_vector()
    {
        var values = Enumerable.Range(0, 37).Select(i => (double)i).ToArray();
        values[29] = double.NegativeInfinity;
        var error = Assert.Throws<ArgumentException>(() => Quantiles.Compute(values, [0.5], new double[1]));
        Assert.Contains("[29]", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Matrices within one 16,384-replication tile and across two or three, with entity counts that leave a remainder
    /// after groups of four.
    /// </summary>
    private static readonly Gen<(int Entities, int Replications, double[] Values)> Wide =
        from entities in Gen.Int[0, 11]
        from replications in Gen.OneOf(Gen.Int[1, 2600], Gen.Int[16370, 34000])
        from values in Generators.Value.Array[entities * replications]
        select (entities, replications, values);

    [Fact]
    public void Sum_equals_naive_loop_across_tiles() =>
        Wide.Sample(
            (entities, replications, values) =>
            {
                var destination = new double[replications];
                destination.AsSpan().Fill(42);
                RollUp.Sum(values, entities, destination);
                Bits.Equal(Reference.Sum(values, entities, replications), destination);
            },
            iter: 60);

    [Fact]
    public void SumByGroup_equals_naive_loop_across_tiles() =>
        (from matrix in Wide
         from groups in Gen.Int[1, 4]
         from groupOf in Gen.Int[-1, groups - 1].Array[matrix.Entities]
         select (matrix, groups, groupOf))
        .Sample(
            (matrix, groups, groupOf) =>
            {
                var (entities, replications, values) = matrix;
                var destination = new double[groups * replications];
                RollUp.SumByGroup(values, groupOf, groups, destination);
                for (var g = 0; g < groups; g++)
                {
                    Bits.Equal(
                        Reference.Sum(values, entities, replications, e => groupOf[e] == g),
                        destination.AsSpan(g * replications, replications));
                }
            },
            iter: 60);

    [Fact]
    public void Negative_zeros_sum_to_positive_zero_as_in_the_reference()
    {
        // 0.0 + (−0.0) is +0.0: a roll-up that copied its first row instead of adding it to 0.0 would keep −0.0.
        var values = Enumerable.Repeat(-0.0, 3 * 16400).ToArray();
        var destination = new double[16400];
        RollUp.Sum(values, 3, destination);
        Bits.Equal(Reference.Sum(values, 3, 16400), destination);
        Assert.False(double.IsNegative(destination[16399]));
    }

    [Fact]
    public void Fractions_equal_counting_on_long_vectors_with_nans_and_ties() =>
        Gen.Select(
                Gen.OneOf<double>(Tied, Gen.Const(double.NaN), Gen.Const(double.NegativeInfinity)).Array[1, 3000],
                Gen.Int[-4, 4].Select(i => (double)i))
            .Sample(
                (values, threshold) =>
                {
                    Bits.Equal((double)values.Count(v => v >= threshold) / values.Length, Probability.FractionAtLeast(values, threshold));
                    Bits.Equal((double)values.Count(v => v <= threshold) / values.Length, Probability.FractionAtMost(values, threshold));
                },
                iter: 200);
}
