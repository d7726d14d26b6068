namespace LiubeiSim.Aggregation.Tests;

/// <summary>Bit-for-bit comparison: Assert.Equal on doubles treats −0.0 and +0.0 as equal, which hides order changes.</summary>
internal static class Bits
{
    public static void Equal(double expected, double actual)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            Assert.Fail($"Expected {expected:R} but got {actual:R} (bits differ).");
        }
    }

    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"At {i}: expected {expected[i]:R} but got {actual[i]:R} (bits differ).");
            }
        }
    }
}
