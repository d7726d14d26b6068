using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

public class FixedOrderSumTests
{
    [Fact]
    public void Empty_sums_to_positive_zero() => Bits.Equal(0.0, FixedOrderSum.Sum([]));

    [Fact]
    public void Adds_left_to_right()
    {
        // 0.1 + 0.2 rounds up, so the order of additions shows in the last bit.
        Bits.Equal(0.6000000000000001, FixedOrderSum.Sum([0.1, 0.2, 0.3]));
        Bits.Equal(0.6, FixedOrderSum.Sum([0.3, 0.2, 0.1]));
        Bits.Equal(1.0, FixedOrderSum.Sum([1e16, -1e16, 1.0]));
        Bits.Equal(0.0, FixedOrderSum.Sum([1e16, 1.0, -1e16]));
    }

    [Fact]
    public void Starts_from_positive_zero() => Bits.Equal(0.0, FixedOrderSum.Sum([-0.0]));

    [Fact]
    public void Equals_a_left_fold() =>
        Generators.Value.Array[0, 100].Sample(values =>
            Bits.Equal(values.Aggregate(0.0, (sum, v) => sum + v), FixedOrderSum.Sum(values)));
}
