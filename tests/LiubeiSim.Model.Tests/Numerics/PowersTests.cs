using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

        // The square roots serve y = ½ where the library's steps are not repeated (musl, say): held to pow here too,
        // since on a machine that repeats them Pow itself no longer takes that path.
        if (y == 0.5 && OperatingSystem.IsLinux() && Vector256.IsHardwareAccelerated && Fma.IsSupported)
        {
            var done = Powers.SquareRoots(x, into);
            for (var i = 0; i < done; i++)
            {
                Assert.True(Bits(Math.Pow(x[i], y)) == Bits(into[i]), $"x = {x[i]:R}: Math.Pow {Math.Pow(x[i], y):R}, the square root path {into[i]:R}");
            }
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

    /// <summary>Where the emulation is claimed, the machine this runs on must be one, or the tests of other exponents prove only the fallback.</summary>
    [Fact]
    public void On_glibc_with_fma_and_avx2_pow_is_the_one_emulated()
    {
        if (ExponentialsTests.GlibcWithFmaAndAvx2)
        {
            Assert.True(Powers.Emulated, "glibc's pow on an FMA and AVX2 machine was not recognised: every power goes to the library (correct, but slower)");
        }
    }

    [Fact]
    public void The_constants_are_glibcs_bits()
    {
        Assert.Equal(0x3FE62E42FEFA3800UL, BitConverter.DoubleToUInt64Bits(Powers.Ln2Hi));
        Assert.Equal(0x3D2EF35793C76730UL, BitConverter.DoubleToUInt64Bits(Powers.Ln2Lo));
        Assert.Equal(0xBFE0000000000000UL, BitConverter.DoubleToUInt64Bits(Powers.A0));
        Assert.Equal(0xBFE5555555555560UL, BitConverter.DoubleToUInt64Bits(Powers.A1));
        Assert.Equal(0x3FE0000000000006UL, BitConverter.DoubleToUInt64Bits(Powers.A2));
        Assert.Equal(0x3FE999999959554EUL, BitConverter.DoubleToUInt64Bits(Powers.A3));
        Assert.Equal(0xBFE555555529A47AUL, BitConverter.DoubleToUInt64Bits(Powers.A4));
        Assert.Equal(0xBFF2495B9B4845E9UL, BitConverter.DoubleToUInt64Bits(Powers.A5));
        Assert.Equal(0x3FF0002B8B263FC3UL, BitConverter.DoubleToUInt64Bits(Powers.A6));
    }

    [Fact]
    public void The_telling_powers_have_the_bits_of_pow()
    {
        var telling = Powers.TellingPowers.ToArray();
        for (var t = 0; t < telling.Length; t += 2)
        {
            AssertLikeMathPow([.. Enumerable.Repeat(BitConverter.UInt64BitsToDouble(telling[t]), 5)], BitConverter.UInt64BitsToDouble(telling[t + 1]));
        }
    }

    [Fact]
    public void Exponents_at_the_edges_of_the_fast_range_have_the_bits_of_pow()
    {
        // glibc takes y from 2^-65 to below 2^63 straight to its tables; just outside, its special cases.
        double[] x = [0.5, 0.9, 1.1, 2.0, 3.7, 1e-3, 1e3, 1.0];
        foreach (var y in new[] { Math.ScaleB(1.0, -65), Math.BitDecrement(Math.ScaleB(1.0, -65)), Math.ScaleB(1.0, 63), Math.BitDecrement(Math.ScaleB(1.0, 63)) })
        {
            AssertLikeMathPow(x, y);
            AssertLikeMathPow(x, -y);
        }
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(1.7)]
    [InlineData(-0.45)]
    [InlineData(2.0)]
    [InlineData(1e-10)]
    public void Ratios_near_one_and_far_from_it_have_the_bits_of_pow_for_other_exponents(double y)
    {
        var random = new Random(20231203);
        var nearOne = Enumerable.Range(0, 600_000).Select(_ => 0.2 + (random.NextDouble() * 2)).ToArray();
        var wide = Enumerable.Range(0, 300_000).Select(_ => Math.Exp((random.NextDouble() - 0.5) * 1400)).ToArray();
        var barelyOff = Enumerable.Range(0, 100_000).Select(_ => 1 + Math.ScaleB(random.NextDouble() - 0.5, -random.Next(1, 60))).ToArray();
        AssertLikeMathPow(nearOne, y);
        AssertLikeMathPow(wide, y);
        AssertLikeMathPow(barelyOff, y);
    }

    [Fact]
    public void Every_log_table_entry_has_the_bits_of_pow()
    {
        // x across each of the log table's 128 intervals (its index is 7 bits of x's mantissa from about 0.7), over
        // several octaves, so every entry is read with r at both ends and between, and with k from −8 to 8.
        var x = new List<double>();
        for (var octave = -8; octave <= 8; octave++)
        {
            for (var m = 0; m < 128 * 32; m++)
            {
                x.Add(Math.ScaleB(1 + ((m + 0.37) / (128 * 32)), octave));
            }
        }

        foreach (var y in new[] { 0.6, 0.5000001, 2.5, -1.3 })
        {
            AssertLikeMathPow([.. x], y);
        }
    }

    [Fact]
    public void Products_at_the_edges_of_the_exponentials_range_have_the_bits_of_pow()
    {
        // y·log x near 2^-54 (x within a few units of 1) and near ±512 and past it (overflow, underflow, subnormal
        // results), where the library takes its special paths.
        var x = new List<double> { 1.0, Math.BitIncrement(1.0), Math.BitDecrement(1.0) };
        for (var ulps = 1; ulps < 4_000; ulps += 7)
        {
            x.Add(1 + (ulps * Math.ScaleB(1.0, -52)));
            x.Add(1 - (ulps * Math.ScaleB(1.0, -53)));
        }

        foreach (var exponent in new[] { 500.0, 511.9, 512, 512.1, 709, 710, -700, -745, -746, -1000 })
        {
            var at = Math.Exp(exponent / 2);
            x.Add(at);
            x.Add(Math.BitIncrement(at));
            x.Add(Math.BitDecrement(at));
        }

        foreach (var y in new[] { 0.6, 2.0, -2.0, 1.0 })
        {
            AssertLikeMathPow([.. x], y);
        }
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
        Gen.Double[0, 4].Array[0, 40].Select(Gen.OneOf(Gen.Const(0.5), Gen.Const(0.6), Gen.Const(1.0), Gen.Double[-3, 3])).Sample((x, y) => AssertLikeMathPow(x, y), iter: 5_000);

    [Fact]
    public void A_destination_shorter_than_the_values_is_refused() =>
        Assert.Throws<ArgumentException>(() => Powers.Pow(new double[4], 0.5, new double[3]));
}
