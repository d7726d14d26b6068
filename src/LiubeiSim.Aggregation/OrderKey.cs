namespace LiubeiSim.Aggregation;

/// <summary>
/// A finite double's place in the order quantiles use (−0.0 before +0.0) as an unsigned integer: keys compare as the
/// values sort, and equal keys are equal bits. Selection across shards counts and compares keys, so the sign of a
/// zero needs no special case there.
/// </summary>
public static class OrderKey
{
    private const ulong Sign = 1UL << 63;

    /// <summary>Below every finite value's key (the lower end of an interval open to −∞).</summary>
    public const ulong BelowAll = 0;

    /// <summary>Above every finite value's key (the upper end of an interval open to +∞).</summary>
    public const ulong AboveAll = ulong.MaxValue;

    /// <summary>Negative values' bits reversed (larger magnitude, smaller key), positive values' sign bit set.</summary>
    public static ulong Of(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & Sign) != 0 ? ~bits : bits | Sign;
    }

    /// <summary>The value whose key this is.</summary>
    public static double ToValue(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & Sign) != 0 ? key & ~Sign : ~key));
}
