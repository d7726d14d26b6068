using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

public class ProbabilityTests
{
    [Fact]
    public void Fractions_include_the_threshold()
    {
        double[] values = [1, 2, 3, 4];
        Assert.Equal(0.5, Probability.FractionAtLeast(values, 3));
        Assert.Equal(0.75, Probability.FractionAtMost(values, 3));
        Assert.Equal(0.0, Probability.FractionAtLeast(values, 4.5));
        Assert.Equal(1.0, Probability.FractionAtMost(values, 4));
        Assert.Equal(1.0 / 3, Probability.FractionAtLeast([0.1, 0.2, 0.3], 0.25));
    }

    [Fact]
    public void NaN_value_meets_no_threshold()
    {
        Assert.Equal(0.5, Probability.FractionAtLeast([double.NaN, 2], 0));
        Assert.Equal(0.5, Probability.FractionAtMost([double.NaN, 2], 5));
    }

    [Fact]
    public void Rejects_empty_values_and_nan_threshold()
    {
        Assert.Throws<ArgumentException>(() => Probability.FractionAtLeast([], 0));
        Assert.Throws<ArgumentException>(() => Probability.FractionAtMost([], 0));
        Assert.Throws<ArgumentException>(() => Probability.FractionAtLeast([1], double.NaN));
        Assert.Throws<ArgumentException>(() => Probability.FractionAtMost([1], double.NaN));
    }

    [Fact]
    public void Equal_count_over_n() =>
        Gen.Select(Generators.Vector, Generators.Value).Sample((values, threshold) =>
        {
            Bits.Equal((double)values.Count(v => v >= threshold) / values.Length, Probability.FractionAtLeast(values, threshold));
            Bits.Equal((double)values.Count(v => v <= threshold) / values.Length, Probability.FractionAtMost(values, threshold));
        });
}
