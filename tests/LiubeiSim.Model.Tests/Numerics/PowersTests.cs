using CsCheck;
using LiubeiSim.Model.Numerics;

namespace LiubeiSim.Model.Tests.Numerics;

/// <summary>
/// <see cref="Powers.Pow"/> must give <see cref="Math.Pow"/>'s bits (the golden hashes rest on it): on the ratios the
/// model raises (near one), across many orders of magnitude, on the roots hardest to round (next to a midpoint between
/// two doubles, where the C library's pow may round either way), and on every special value; in runs of every
/// length, so each lands in the vector lanes and in the scalar remainder.
/// </summary>
public sealed class PowersTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    private static void AssertLikeMathPow(double[] x, double y)
    {
        var into = new double[x.Length];
        Powers.Pow(x, y, into);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.True(Bits(Math.Pow(x[i], y)) == Bits(into[i]), $"x = {x[i]:R}, y = {y:R}: Math.Pow {Math.Pow(x[i], y):R}, Powers.Pow {into[i]:R}");
        }
    }

    [Fact]
    public void Square_roots_of_ratios_near_one_and_far_from_it_have_the_bits_of_pow()
    {
        var random = new Random(20231201);
        var nearOne = Enumerable.Range(0, 1_000_000).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var wide = Enumerable.Range(0, 1_000_000).Select(_ => Math.Exp((random.NextDouble() - 0.5) * 1400)).ToArray();
        AssertLikeMathPow(nearOne, 0.5);
        AssertLikeMathPow(wide, 0.5);

        // The sample must hold roots the library rounds otherwise than the square root does (glibc since 2.28: about 8
        // in 10,000), or it would not show that those go to the library.
        // Only Linux's pow is trusted with the roots at all (elsewhere every value is Math.Pow's, and pow may round as sqrt).
        if (OperatingSystem.IsLinux())
        {
            var roundedOtherwise = nearOne.Count(x => Bits(Math.Pow(x, 0.5)) != Bits(Math.Sqrt(x)));
            Assert.True(roundedOtherwise > 100, $"only {roundedOtherwise} of the sample's roots are rounded otherwise by Math.Pow");
        }
    }

    [Fact]
    public void Roots_next_to_a_midpoint_have_the_bits_of_pow()
    {
        // The hard roots: those within a tenth of a unit of the midpoint between two doubles, where the library's own
        // rounding decides, picked from random ratios by their distance worked out here (the FMA remainder).
        var random = new Random(7);
        var hard = new List<double>();
        for (var k = 0; k < 4_000_000 && hard.Count < 300_000; k++)
        {
            var x = 0.25 + (random.NextDouble() * 4);
            var r = Math.Sqrt(x);
            var unit = Math.BitIncrement(r) - r;
            var d = Math.FusedMultiplyAdd(-r, r, x) / (2 * r * unit);
            if (Math.Abs(d) > 0.4)
            {
                hard.Add(x);
            }
        }

        Assert.True(hard.Count >= 300_000, $"only {hard.Count} hard roots");
        AssertLikeMathPow([.. hard], 0.5);
    }

    [Fact]
    public void Tiny_ratios_whose_remainders_would_be_subnormal_have_the_bits_of_pow()
    {
        // Below 2^-968 the remainder and the root's unit fall among the subnormals: such x must go to the library
        // (4.589589627284701e-308 is a root the unchecked hardware would round otherwise than glibc).
        var random = new Random(11);
        var tiny = Enumerable.Range(0, 200_000).Select(_ => Math.ScaleB(1 + random.NextDouble(), random.Next(-1022, -940))).Append(4.589589627284701e-308).ToArray();
        AssertLikeMathPow(tiny, 0.5);
    }

    [Fact]
    public void Special_values_and_other_exponents_have_the_bits_of_pow()
    {
        double[] special =
        [
            0.0, -0.0, 1.0, -1.0, 4.0, 0.25, 2.0, 0.5, double.Epsilon, 2.2250738585072014E-308, Math.BitDecrement(2.2250738585072014E-308),
            double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN, -4.0, 1e-300, 1e300, Math.BitIncrement(1.0), Math.BitDecrement(1.0),
        ];
        for (var offset = 0; offset < 5; offset++)
        {
            var x = Enumerable.Repeat(1.0, offset).Concat(special).ToArray();
            foreach (var y in new[] { 0.5, 0.6, 1.0, 0.0, -0.5, 2.0, double.NaN })
            {
                AssertLikeMathPow(x, y);
            }
        }
    }

    [Fact]
    public void Any_run_gives_the_bits_of_pow_one_at_a_time() =>
        Gen.Double[0, 4].Array[0, 40].Select(Gen.OneOf(Gen.Const(0.5), Gen.Const(0.6), Gen.Const(1.0))).Sample((x, y) => AssertLikeMathPow(x, y), iter: 5_000);

    [Fact]
    public void A_destination_shorter_than_the_values_is_refused() =>
        Assert.Throws<ArgumentException>(() => Powers.Pow(new double[4], 0.5, new double[3]));
}
