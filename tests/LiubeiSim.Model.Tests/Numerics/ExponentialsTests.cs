using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CsCheck;
using LiubeiSim.Model.Numerics;

namespace LiubeiSim.Model.Tests.Numerics;

/// <summary>
/// <see cref="Exponentials.Exp"/> must give <see cref="Math.Exp"/>'s bits (the golden hashes rest on it): on the
/// model's arguments (a lognormal factor's σz − σ²/2, small), across the whole range the table serves, on every table
/// entry, on the arguments the library's builds without FMA round otherwise, at the edges of that range and on every
/// special value; in runs of every length, so each lands in the vector lanes and in the scalar remainder.
/// </summary>
public sealed class ExponentialsTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    private static void AssertLikeMathExp(double[] x)
    {
        var into = new double[x.Length];
        Exponentials.Exp(x, into);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.True(Bits(Math.Exp(x[i])) == Bits(into[i]), $"x = {x[i]:R}: Math.Exp {Math.Exp(x[i]):R}, Exponentials.Exp {into[i]:R}");
        }
    }

    /// <summary>Linux with glibc on a processor with FMA and AVX2 (the CI's machine, and the narrower-vector children that keep AVX2): where the library's steps must be recognised.</summary>
    internal static bool GlibcWithFmaAndAvx2 =>
        OperatingSystem.IsLinux() && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal)
        && Fma.IsSupported && Avx2.IsSupported && Vector256.IsHardwareAccelerated;

    /// <summary>Where the emulation is claimed, the machine this runs on must be one, or the tests below prove only the fallback.</summary>
    [Fact]
    public void On_glibc_with_fma_and_avx2_the_library_is_the_one_emulated()
    {
        if (GlibcWithFmaAndAvx2)
        {
            Assert.True(Exponentials.Emulated, "glibc's exp on an FMA and AVX2 machine was not recognised: every exp goes to the library (correct, but slower)");
        }
    }

    [Fact]
    public void The_constants_are_glibcs_bits()
    {
        Assert.Equal(0x40671547652B82FEUL, BitConverter.DoubleToUInt64Bits(Exponentials.InvLn2N));
        Assert.Equal(0xBF762E42FEFA0000UL, BitConverter.DoubleToUInt64Bits(Exponentials.NegLn2HiN));
        Assert.Equal(0xBD0CF79ABC9E3B3AUL, BitConverter.DoubleToUInt64Bits(Exponentials.NegLn2LoN));
        Assert.Equal(0x3FDFFFFFFFFFFDBDUL, BitConverter.DoubleToUInt64Bits(Exponentials.C2));
        Assert.Equal(0x3FC555555555543CUL, BitConverter.DoubleToUInt64Bits(Exponentials.C3));
        Assert.Equal(0x3FA55555CF172B91UL, BitConverter.DoubleToUInt64Bits(Exponentials.C4));
        Assert.Equal(0x3F81111167A4D017UL, BitConverter.DoubleToUInt64Bits(Exponentials.C5));
        Assert.Equal(0x4338000000000000UL, BitConverter.DoubleToUInt64Bits(Exponentials.Shift));
    }

    [Fact]
    public void The_table_is_two_to_the_k_over_128_split_into_a_double_and_its_error()
    {
        var expected = TableFromDefinition();
        Assert.Equal(expected.Length, Exponentials.Table.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == Exponentials.Table[i], $"entry {i}: 0x{Exponentials.Table[i]:X16}, by the definition 0x{expected[i]:X16}");
        }
    }

    [Fact]
    public void The_telling_arguments_have_the_bits_of_exp_and_the_first_are_rounded_otherwise_without_fma()
    {
        var arguments = Exponentials.TellingArguments.ToArray().Select(BitConverter.UInt64BitsToDouble).ToArray();
        Assert.True(arguments.Length > Exponentials.TellingUnfused);
        foreach (var x in arguments[..Exponentials.TellingUnfused])
        {
            Assert.NotEqual(Bits(Exponentials.Emulate(x)), Bits(Exponentials.Emulate(x, fused: false)));
        }

        AssertLikeMathExp(arguments);
    }

    [Fact]
    public void Lognormal_factors_and_the_whole_table_range_have_the_bits_of_exp()
    {
        var random = new Random(20231202);
        var factors = Enumerable.Range(0, 2_000_000).Select(_ =>
        {
            var sigma = random.NextDouble() * 0.6;
            var z = (random.NextDouble() - 0.5) * 12;
            return (sigma * z) - (sigma * sigma / 2);
        }).ToArray();
        var wide = Enumerable.Range(0, 1_000_000).Select(_ => (random.NextDouble() - 0.5) * 1_060).ToArray();
        var scales = Enumerable.Range(0, 500_000).Select(_ => Math.ScaleB(random.NextDouble() - 0.5, random.Next(-60, 10))).ToArray();
        AssertLikeMathExp(factors);
        AssertLikeMathExp(wide);
        AssertLikeMathExp(scales);
    }

    [Fact]
    public void Every_table_entry_has_the_bits_of_exp()
    {
        // Arguments at and between the table's points k·ln2/128, for k over several octaves either way: each entry
        // read with r at both ends of its interval and in the middle.
        var x = new List<double>();
        for (var k = -128 * 20; k <= 128 * 20; k++)
        {
            var centre = k * Math.Log(2) / 128;
            for (var step = -8; step <= 8; step++)
            {
                x.Add(centre + (step * Math.Log(2) / 128 / 16));
            }
        }

        AssertLikeMathExp([.. x]);
    }

    [Fact]
    public void Arguments_the_builds_without_fma_round_otherwise_have_the_bits_of_exp()
    {
        // Where a fused multiply-add and a rounded product then a sum give different doubles: the inputs that tell
        // glibc's FMA build from its others (and from musl's), so an emulation with a contraction wrong would fail here.
        var random = new Random(5);
        var telling = new List<double>();
        for (var n = 0; n < 20_000_000 && telling.Count < 10_000; n++)
        {
            var x = (random.NextDouble() - 0.5) * 80;
            if (Bits(Exponentials.Emulate(x)) != Bits(Exponentials.Emulate(x, fused: false)))
            {
                telling.Add(x);
            }
        }

        Assert.True(telling.Count >= 10_000, $"only {telling.Count} arguments tell the builds apart");
        AssertLikeMathExp([.. telling]);

        // The scalar emulation, which picked the telling arguments at start, must itself be the library's, and the
        // unfused evaluation must not be: else the check at start could not tell the builds apart.
        if (Exponentials.Emulated)
        {
            Assert.All(telling, x => Assert.Equal(Bits(Math.Exp(x)), Bits(Exponentials.Emulate(x))));
            Assert.All(telling, x => Assert.NotEqual(Bits(Math.Exp(x)), Bits(Exponentials.Emulate(x, fused: false))));
        }
    }

    [Fact]
    public void The_edges_of_the_range_and_special_values_have_the_bits_of_exp()
    {
        var small = Math.ScaleB(1.0, -54);
        double[] special =
        [
            0.0, -0.0, small, -small, Math.BitDecrement(small), -Math.BitDecrement(small), Math.BitIncrement(small), 512, -512,
            Math.BitDecrement(512.0), -Math.BitDecrement(512.0), 709.782712893384, 709.79, -745.1332191019411, -746, -708.4, -708.3964185322641,
            double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1, -1,
        ];
        for (var offset = 0; offset < 5; offset++)
        {
            AssertLikeMathExp([.. Enumerable.Repeat(0.25, offset).Concat(special)]);
        }
    }

    [Fact]
    public void Any_run_gives_the_bits_of_exp_one_at_a_time() =>
        Gen.Double[-50, 50].Array[0, 40].Sample(AssertLikeMathExp, iter: 5_000);

    [Fact]
    public void Into_may_be_the_values_themselves()
    {
        var x = Enumerable.Range(0, 37).Select(i => (i - 18) * 0.37).ToArray();
        var expected = x.Select(Math.Exp).ToArray();
        Exponentials.Exp(x, x);
        Assert.Equal(expected.Select(Bits), x.Select(Bits));
    }

    [Fact]
    public void A_destination_shorter_than_the_values_is_refused() =>
        Assert.Throws<ArgumentException>(() => Exponentials.Exp(new double[4], new double[3]));

    /// <summary>
    /// The table worked out from its definition: for k below 128, H = 2^(k/128) rounded to a double, and the tail T =
    /// (2^(k/128) − H) / H rounded to a double; entry 2k is T's bits, 2k+1 is H's bits less k·2^45. 2^(k/128) is a
    /// product of 2^(1/2), 2^(1/4) … 2^(1/128), each the square root of the last, in integers to 256 bits.
    /// </summary>
    private static ulong[] TableFromDefinition()
    {
        const int Scale = 256;
        var one = BigInteger.One << Scale;
        var roots = new BigInteger[Exponentials.TableBits];
        var root = 2 * one;
        for (var b = 0; b < roots.Length; b++)
        {
            root = SquareRoot(root << Scale);
            roots[b] = root;
        }

        var table = new ulong[2 * Exponentials.TableSize];
        for (var k = 0; k < Exponentials.TableSize; k++)
        {
            var exact = one;
            for (var b = 0; b < roots.Length; b++)
            {
                if (((k >> (roots.Length - 1 - b)) & 1) == 1)
                {
                    exact = (exact * roots[b]) >> Scale;
                }
            }

            var nearest = Rounded(exact, Scale);
            var nearestFixed = new BigInteger((BitConverter.DoubleToUInt64Bits(nearest) & 0x000FFFFFFFFFFFFFUL) | (1UL << 52)) << (Scale - 52);
            var tail = Rounded(((exact - nearestFixed) << Scale) / nearestFixed, Scale);
            table[2 * k] = BitConverter.DoubleToUInt64Bits(tail);
            table[(2 * k) + 1] = BitConverter.DoubleToUInt64Bits(nearest) - ((ulong)k << (52 - Exponentials.TableBits));
        }

        return table;
    }

    /// <summary>value / 2^scale rounded to the nearest double, ties to even.</summary>
    private static double Rounded(BigInteger value, int scale)
    {
        if (value.IsZero)
        {
            return 0;
        }

        var magnitude = BigInteger.Abs(value);
        var drop = Math.Max(0, (int)magnitude.GetBitLength() - 53);
        var mantissa = magnitude >> drop;
        if (drop > 0)
        {
            var rest = magnitude - (mantissa << drop);
            var half = BigInteger.One << (drop - 1);
            if (rest > half || (rest == half && !mantissa.IsEven))
            {
                mantissa += 1;
            }
        }

        var result = Math.ScaleB((double)mantissa, drop - scale);
        return value.Sign < 0 ? -result : result;
    }

    /// <summary>⌊√n⌋ by Newton's iteration from above.</summary>
    private static BigInteger SquareRoot(BigInteger n)
    {
        var x = BigInteger.One << (int)((n.GetBitLength() / 2) + 1);
        while (true)
        {
            var next = (x + (n / x)) >> 1;
            if (next >= x)
            {
                return x;
            }

            x = next;
        }
    }
}
