using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

public class QuantilesTests
{
    private static double[] Compute(double[] values, params double[] probabilities)
    {
        var destination = new double[probabilities.Length];
        Quantiles.Compute(values, probabilities, destination);
        return destination;
    }

    [Fact]
    public void Matches_numpy_on_one_to_ten()
    {
        // numpy.quantile(range(1, 11), [0.05, 0.1, 0.5, 0.9, 0.95]) = [1.45, 1.9, 5.5, 9.1, 9.55]
        var values = Enumerable.Range(1, 10).Select(i => (double)i).Reverse().ToArray();
        var result = Compute(values, QuantileLevels.Standard.ToArray());
        double[] numpy = [1.45, 1.9, 5.5, 9.1, 9.55];
        for (var j = 0; j < numpy.Length; j++)
        {
            Assert.Equal(numpy[j], result[j], 1e-12);
        }
    }

    [Fact]
    public void Matches_numpy_with_ties_and_unsorted_input()
    {
        // numpy.quantile([3, 1, 4, 1, 5, 9, 2, 6], [0.05, 0.1, 0.5, 0.9, 0.95]) = [1, 1, 3.5, 6.9, 7.95]
        var result = Compute([3, 1, 4, 1, 5, 9, 2, 6], QuantileLevels.Standard.ToArray());
        double[] numpy = [1, 1, 3.5, 6.9, 7.95];
        for (var j = 0; j < numpy.Length; j++)
        {
            Assert.Equal(numpy[j], result[j], 1e-12);
        }
    }

    [Fact]
    public void Interpolates_exactly_when_the_arithmetic_is_exact()
    {
        // Sorted 0, 4, 8, 16 and n − 1 = 3: p = 0.25 → h = 0.75 → 0 + 0.75·4 = 3; p = 0.5 → h = 1.5 → 6;
        // p = 1/3 → h rounds to exactly 1 → x[1].
        Bits.Equal([0.0, 3.0, 4.0, 6.0, 16.0], Compute([16, 0, 8, 4], 0, 0.25, 1.0 / 3, 0.5, 1));
    }

    [Fact]
    public void Single_value_is_every_quantile() =>
        Bits.Equal([-2.5, -2.5, -2.5], Compute([-2.5], 0, 0.37, 1));

    [Fact]
    public void Negative_zero_sorts_first_whatever_the_input_order()
    {
        Bits.Equal([-0.0, 0.0], Compute([0.0, -0.0], 0, 1));
        Bits.Equal([-0.0, 0.0], Compute([-0.0, 0.0], 0, 1));
        Bits.Equal([-1.0, -0.0, -0.0, 0.0, 0.0], Compute([0.0, -0.0, 0.0, -1.0, -0.0], 0, 0.25, 0.5, 0.75, 1));
    }

    [Fact]
    public void Does_not_mutate_input()
    {
        double[] values = [5, 3, 9, 1];
        Compute(values, 0.5);
        Assert.Equal([5.0, 3.0, 9.0, 1.0], values);
    }

    [Fact]
    public void Rejects_empty_nan_and_infinite_values()
    {
        var destination = new double[1];
        Assert.Throws<ArgumentException>(() => Quantiles.Compute([], [0.5], destination));
        Assert.Throws<ArgumentException>(() => Quantiles.Compute([1, double.NaN], [0.5], destination));
        Assert.Throws<ArgumentException>(() => Quantiles.Compute([1, double.PositiveInfinity], [0.5], destination));
        Assert.Throws<ArgumentException>(() => Quantiles.Compute([double.NegativeInfinity], [0.5], destination));
    }

    [Fact]
    public void Rejects_probabilities_outside_unit_interval()
    {
        var destination = new double[1];
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.Compute([1, 2], [-0.01], destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.Compute([1, 2], [1.01], destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.Compute([1, 2], [double.NaN], destination));
    }

    [Fact]
    public void Rejects_destination_of_wrong_length() =>
        Assert.Throws<ArgumentException>(() => Quantiles.Compute([1, 2], [0.5, 0.9], new double[1]));

    [Fact]
    public void ComputeColumns_gives_each_row_its_quantiles()
    {
        // Two indicators × four replications.
        double[] matrix = [4, 1, 3, 2, 40, 10, 30, 20];
        var destination = new double[2 * 3];
        Quantiles.ComputeColumns(matrix, 2, [0, 0.5, 1], destination);
        Bits.Equal([1.0, 2.5, 4.0, 10.0, 25.0, 40.0], destination);
        Assert.Equal([4.0, 1.0, 3.0, 2.0, 40.0, 10.0, 30.0, 20.0], matrix);
    }

    [Fact]
    public void ComputeColumns_rejects_bad_shapes_and_values_without_writing()
    {
        var destination = new[] { 7.0, 7.0 };
        Assert.Throws<ArgumentException>(() => Quantiles.ComputeColumns(new double[5], 2, [0.5], destination));
        Assert.Throws<ArgumentException>(() => Quantiles.ComputeColumns(new double[4], 2, [0.5], new double[3]));
        Assert.Throws<ArgumentException>(() => Quantiles.ComputeColumns([], 2, [0.5], destination));
        Assert.Throws<ArgumentException>(() => Quantiles.ComputeColumns([1, 2, 3, double.NaN], 2, [0.5], destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.ComputeColumns([1, 2], 2, [2.0], destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.ComputeColumns([], -1, [0.5], destination));
        Assert.Equal([7.0, 7.0], destination);
    }

    [Fact]
    public void ComputeColumns_with_no_rows_is_a_no_op() =>
        Quantiles.ComputeColumns([], 0, [0.5], []);

    [Fact]
    public void Standard_levels_and_names()
    {
        Assert.Equal([0.05, 0.10, 0.50, 0.90, 0.95], QuantileLevels.Standard.ToArray());
        Assert.Equal(["p5", "p10", "p50", "p90", "p95"], QuantileLevels.StandardNames);
    }

    private static readonly Gen<(double[] Values, double[] Probabilities)> Case =
        Gen.Select(Generators.Vector, Generators.ProbabilityLevel.Array[1, 12]);

    [Fact]
    public void Equals_LINQ_OrderBy_reference() =>
        Case.Sample((values, probabilities) =>
        {
            var copy = values.ToArray();
            Bits.Equal(Reference.Quantiles(values, probabilities), Compute(values, probabilities));
            Bits.Equal(copy, values);
        });

    [Fact]
    public void Monotone_in_p_and_within_min_max() =>
        Case.Sample((values, probabilities) =>
        {
            var ordered = probabilities.Order().ToArray();
            var result = Compute(values, ordered);
            var min = values.Min();
            var max = values.Max();
            for (var j = 0; j < result.Length; j++)
            {
                Assert.InRange(result[j], min, max);
                if (j > 0)
                {
                    Assert.True(result[j - 1] <= result[j], $"p {ordered[j - 1]:R} → {result[j - 1]:R} but p {ordered[j]:R} → {result[j]:R}");
                }
            }
        });

    [Fact]
    public void End_points_are_min_and_max() =>
        Generators.Vector.Sample(values =>
        {
            var result = Compute(values, 0, 1);
            Assert.Equal(values.Min(), result[0]);
            Assert.Equal(values.Max(), result[1]);
        });

    [Fact]
    public void Same_bits_for_any_order_of_replications() =>
        Generators.Vector.SelectMany(v => Gen.Shuffle(v.ToArray()).Select(s => (v, s))).Sample((values, shuffled) =>
        {
            var levels = QuantileLevels.Standard.ToArray();
            Bits.Equal(Compute(values, levels), Compute(shuffled, levels));
        });

    [Fact]
    public void Interpolation_stays_below_the_upper_neighbour_when_the_difference_rounds_up()
    {
        // b − a rounds up to 1 + 2^-51, so a + 1·(b − a) would overshoot b; with f just below 1 it must not.
        var a = -(1 + Math.Pow(2, -52));
        var b = Math.Pow(2, -53);
        Assert.True(a + (b - a) > b);
        var justBelowOne = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) - 1);
        Assert.InRange(Compute([a, b], justBelowOne)[0], a, b);
        Bits.Equal(b, Compute([a, b], 1)[0]);
    }

    [Fact]
    public void Overflowing_difference_falls_back_to_weighted_form()
    {
        // 1e308 − (−1e308) is infinite; the midpoint is still 0.
        Bits.Equal([0.0, -1e308 * 0.75 + 0.25 * 1e308], Compute([1e308, -1e308], 0.5, 0.25));
    }

    // Neighbours of opposite sign this large overflow their difference, so the fallback gets exercised.
    private static readonly Gen<double[]> Extreme = Gen.OneOf<double[]>(
        Gen.Double[-1.7e308, 1.7e308].Array[1, 8],
        Gen.Select(Gen.Double[1e308, 1.7e308], Gen.Double[1e308, 1.7e308], (a, b) => new[] { b, -a }));

    [Fact]
    public void Monotone_and_bounded_at_extreme_magnitudes() =>
        Gen.Select(Extreme, Generators.ProbabilityLevel.Array[1, 12]).Sample((values, probabilities) =>
        {
            var ordered = probabilities.Order().ToArray();
            var result = Compute(values, ordered);
            Bits.Equal(Reference.Quantiles(values, ordered), result);
            for (var j = 0; j < result.Length; j++)
            {
                Assert.InRange(result[j], values.Min(), values.Max());
                Assert.True(j == 0 || result[j - 1] <= result[j]);
            }
        });

    [Fact]
    public void ComputeColumns_equals_Compute_per_row() =>
        (from matrix in Generators.Matrix(5, 30, Generators.Value).Where(m => m.Replications > 0)
         from probabilities in Generators.ProbabilityLevel.Array[1, 6]
         select (matrix, probabilities))
        .Sample((matrix, probabilities) =>
        {
            var (rows, replications, values) = matrix;
            var copy = values.ToArray();
            var destination = new double[rows * probabilities.Length];
            Quantiles.ComputeColumns(values, rows, probabilities, destination);
            for (var k = 0; k < rows; k++)
            {
                var row = values.AsSpan(k * replications, replications).ToArray();
                Bits.Equal(Compute(row, probabilities), destination.AsSpan(k * probabilities.Length, probabilities.Length));
            }

            Bits.Equal(copy, values);
        });
}
