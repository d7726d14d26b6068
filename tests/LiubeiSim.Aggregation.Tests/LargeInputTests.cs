using CsCheck;

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

    /// <summary>Where the library starts bracketing ranks by a sample (its internal <c>Selection.BracketFrom</c>).</summary>
    private const int BracketFrom = 4096;

    /// <summary>Columns long enough for the bracketed selection.</summary>
    private static readonly Gen<double[]> LongColumn = Gen.OneOf(
        Gen.Double[-1e3, 1e3].Array[BracketFrom, 60_000],
        Tied.Array[BracketFrom, 40_000],
        Gen.Int[0, 6].Select(i => (double)i).Array[BracketFrom, 40_000],
        Gen.Bool.Select(negative => negative ? -0.0 : 0.0).Array[BracketFrom, 20_000]);

    /// <summary>Levels whose ranks (at most 16) the bracketed selection takes; <see cref="Levels"/> needs up to 20, and takes the other path.</summary>
    private static readonly double[] BracketedLevels = [0, 0.05, 0.25, 0.333, 0.5, 0.75, 0.95, 1];

    [Fact]
    public void Bracketed_selection_equals_sorting_on_long_columns() =>
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

    [Theory]
    [InlineData(BracketFrom)]
    [InlineData(50_003)]
    public void Bracketed_selection_falls_back_when_the_sample_misses(int n)
    {
        // Every value the sample reads (every n / size-th, as the library takes it) is far above the rest, so every
        // bracket lies above the ranks it must hold: the counts show the miss and the whole column is selected instead.
        var size = Math.Clamp(n / 8, 256, 32_768);
        var stride = n / size;
        var values = Enumerable.Range(0, n).Select(i => i % stride == 0 && i / stride < size ? 1e6 + i : (double)(i % 97)).ToArray();
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
