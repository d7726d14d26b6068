using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

public class MomentsTests
{
    [Fact]
    public void Mean_of_hand_example() => Bits.Equal(2.5, Moments.Mean([1, 2, 3, 4]));

    [Fact]
    public void Mean_sums_in_index_order_then_divides()
    {
        Bits.Equal(0.6000000000000001 / 3, Moments.Mean([0.1, 0.2, 0.3]));
        Bits.Equal(0.6 / 3, Moments.Mean([0.3, 0.2, 0.1]));
    }

    [Fact]
    public void StandardDeviation_and_error_of_hand_example()
    {
        // Mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, sample variance 32/7.
        double[] values = [2, 4, 4, 4, 5, 5, 7, 9];
        Bits.Equal(Math.Sqrt(32.0 / 7), Moments.StandardDeviation(values));
        Bits.Equal(Math.Sqrt(32.0 / 7) / Math.Sqrt(8), Moments.StandardError(values));
        Assert.Equal(2.138089935299395, Moments.StandardDeviation(values), 1e-15);
    }

    [Fact]
    public void StandardDeviation_of_constant_is_zero_when_the_mean_is_exact()
    {
        Bits.Equal(0.0, Moments.StandardDeviation([2.5, 2.5, 2.5, 2.5]));

        // 3.3·3 rounds, so the mean is not 3.3 and the fixed formula gives a tiny positive spread, by specification.
        Assert.InRange(Moments.StandardDeviation([3.3, 3.3, 3.3]), 0.0, 1e-15);
    }

    [Fact]
    public void Rejects_too_few_values()
    {
        Assert.Throws<ArgumentException>(() => Moments.Mean([]));
        Assert.Throws<ArgumentException>(() => Moments.StandardDeviation([1]));
        Assert.Throws<ArgumentException>(() => Moments.StandardError([1]));
    }

    [Fact]
    public void Match_two_pass_reference() =>
        Generators.Value.Array[2, 80].Sample(values =>
        {
            var copy = values.ToArray();
            var mean = values.Aggregate(0.0, (s, v) => s + v) / values.Length;
            var squares = values.Aggregate(0.0, (s, v) => s + (v - mean) * (v - mean));
            var sd = Math.Sqrt(squares / (values.Length - 1));
            Bits.Equal(mean, Moments.Mean(values));
            Bits.Equal(sd, Moments.StandardDeviation(values));
            Bits.Equal(sd / Math.Sqrt(values.Length), Moments.StandardError(values));
            Bits.Equal(copy, values);
        });
}
