using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiubeiSim.Model.Numerics;

/// <summary>
/// x^y for a run of x with one y, with exactly the bits of <see cref="Math.Pow"/> one at a time.
/// </summary>
/// <remarks>
/// <para>
/// Where this process's pow is glibc's FMA build (<see cref="Emulated"/>: Linux with glibc on a processor with FMA and
/// AVX2, checked at start), its steps are repeated four lanes at a time for any y (<see cref="Vectors"/>), as
/// <see cref="Exponentials"/> does for exp. Elsewhere on Linux, y = ½ takes the square root where that is provably
/// pow's answer, as follows.
/// </para>
/// <para>
/// <see cref="Math.Pow"/> is the C library's <c>pow</c>; on Linux, glibc's (or musl's, the same code), whose result
/// lies within <see cref="LibraryPowUlps"/> of the exact x^y, a unit being the spacing of doubles there. For y = ½
/// (the employment elasticity's default) the exact root is known to far better than that, four at a time: the
/// hardware square root r is the exact root rounded, and the fused x − r·r is the exact remainder, so the exact root
/// lies d = (x − r²) / 2r past r, to within a hundred-trillionth of a unit. Where |d| is below ½ − (<see cref="LibraryPowUlps"/> − ½) less a
/// margin, r is the only double within <see cref="LibraryPowUlps"/> of the root, so it is what <c>pow</c> returns;
/// elsewhere (about one root in eleven, besides zeros, x below 2^-968, infinities, NaN, negatives and powers of two,
/// where the spacing changes) <see cref="Math.Pow"/> itself is called. Any other y is <see cref="Math.Pow"/> throughout.
/// </para>
/// <para>
/// The bound is the error analysis in glibc's source (<c>sysdeps/ieee754/dbl-64/e_pow.c</c>, since 2.28: about 0.52
/// units, 0.54 at worst over all x and y), not a promise of its interface; the bound taken here is 0.54, and a root
/// is passed to <c>pow</c> from |d| ≥ 0.455. Roots glibc rounds otherwise than the square root lie within 0.007 units
/// of a midpoint, well inside that. On other systems, whose pow has no such analysis, nothing is taken from the
/// hardware. <c>PowersTests</c> holds the result to <see cref="Math.Pow"/> bit for bit on millions of roots,
/// hundreds of thousands of them within a tenth of a unit of a midpoint.
/// </para>
/// </remarks>
public static class Powers
{
    /// <summary>The largest error of the C library's pow this relies on, in units in the last place.</summary>
    public const double LibraryPowUlps = 0.54;

    /// <summary>|d| at or above this (in units of r's last place) goes to <see cref="Math.Pow"/>: ½ − 0.04 − 0.005 of margin.</summary>
    private const double SafeDistance = 0.5 - (LibraryPowUlps - 0.5) - 0.005;

    private const double TwoPowMinus52 = 1.0 / (1L << 52);

    /// <summary>
    /// 2^-968: from here up the remainder x − r² and 2r × a unit of r are normal doubles, so both are exact; below, they
    /// fall among the subnormals and d would be rounded away (the model's ratios are near one, or 0, which is passed on).
    /// </summary>
    private static readonly double SmallestChecked = Math.ScaleB(1.0, -968);

    /// <summary>
    /// Where <see cref="Math.Pow"/> is a pow whose bound is known: Linux's glibc (2.28 and later) and musl (1.2 and
    /// later) share one. Elsewhere (Windows, macOS) every value is <see cref="Math.Pow"/>'s.
    /// </summary>
    private static readonly bool CheckedLibrary = OperatingSystem.IsLinux();

    /// <summary>into[i] = <see cref="Math.Pow"/>(x[i], y), bit for bit. <paramref name="into"/> may be <paramref name="x"/> itself, but must not overlap it otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pow(ReadOnlySpan<double> x, double y, Span<double> into)
    {
        if (into.Length < x.Length)
        {
            throw new ArgumentException($"into holds {into.Length} values; x has {x.Length}.", nameof(into));
        }

        // Where the library's own steps are repeated here, they are faster than the square root's check (7 against
        // 13 ns a value, a tenth of the roots going to the library); the square root serves Linux machines without.
        var i = Emulated && InTableRange(y) ? Vectors(x, y, into)
            : y == 0.5 && CheckedLibrary && Vector256.IsHardwareAccelerated && Fma.IsSupported ? SquareRoots(x, into)
            : 0;
        for (; i < x.Length; i++)
        {
            into[i] = Math.Pow(x[i], y);
        }
    }

    /// <summary>The whole vectors of four of <see cref="Pow"/> for y = ½; returns how many it did.</summary>
    internal static int SquareRoots(ReadOnlySpan<double> x, Span<double> into)
    {
        ref var from = ref MemoryMarshal.GetReference(x);
        ref var to = ref MemoryMarshal.GetReference(into);
        var lanes = Vector256<double>.Count;
        var i = 0;
        for (; i <= x.Length - lanes; i += lanes)
        {
            var value = Vector256.LoadUnsafe(ref from, (nuint)i);
            var root = Vector256.Sqrt(value);

            // x − r·r with one rounding: exact, since r is the correctly rounded root.
            var remainder = Fma.MultiplyAddNegated(root, root, value);

            // A unit in r's last place: r's exponent with a zero mantissa, times 2^-52 (both exact for normal r).
            var exponent = root.AsUInt64() & Vector256.Create(0x7FF0000000000000UL);
            var unit = exponent.AsDouble() * Vector256.Create(TwoPowMinus52);
            var distance = Vector256.Abs(remainder / (Vector256.Create(2.0) * root * unit));

            // Finite positive x from 2^-968 whose root is not a power of two (below which the spacing halves), and a
            // root clear of the midpoints.
            var normal = Vector256.GreaterThanOrEqual(value, Vector256.Create(SmallestChecked))
                & Vector256.LessThan(value, Vector256.Create(double.PositiveInfinity));
            var notPowerOfTwo = ~Vector256.Equals(root.AsUInt64() & Vector256.Create(0x000FFFFFFFFFFFFFUL), Vector256<ulong>.Zero).AsDouble();
            var safe = normal & notPowerOfTwo & Vector256.LessThan(distance, Vector256.Create(SafeDistance));
            root.StoreUnsafe(ref to, (nuint)i);
            var mask = safe.ExtractMostSignificantBits();
            if (mask != (1U << lanes) - 1)
            {
                for (var lane = 0; lane < lanes; lane++)
                {
                    if (((mask >> lane) & 1) == 0)
                    {
                        Unsafe.Add(ref to, i + lane) = Math.Pow(value.GetElement(lane), 0.5);
                    }
                }
            }
        }

        return i;
    }

    /// <summary>y whose exponent glibc's pow takes straight to the table's path: 2^-65 ≤ |y| &lt; 2^63 (beyond, special cases).</summary>
    private static bool InTableRange(double y)
    {
        var top = (int)((BitConverter.DoubleToUInt64Bits(y) >> 52) & 0x7FF);
        return top is >= 0x3BE and <= 0x43D;
    }

    /// <summary>
    /// The whole vectors of four of <see cref="Pow"/> for y in <see cref="InTableRange(double)"/>: glibc's pow as its
    /// FMA build evaluates it, log x to about 68 bits as a sum hi + lo from a table of 128 entries and a polynomial,
    /// then e^(y·hi + y·lo) by <see cref="Exponentials.Core"/>; x that is not a positive normal double, and a product
    /// y·log x outside the exponential's table range, go to <see cref="Math.Pow"/>. Returns how many it did.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Vectors(ReadOnlySpan<double> x, double y, Span<double> into)
    {
        ref var from = ref MemoryMarshal.GetReference(x);
        ref var to = ref MemoryMarshal.GetReference(into);
        var lanes = Vector256<double>.Count;
        var ys = Vector256.Create(y);
        var i = 0;
        fixed (ulong* logTable = &MemoryMarshal.GetReference(LogTable))
        fixed (ulong* expTable = &MemoryMarshal.GetReference(Exponentials.Table))
        {
            for (; i <= x.Length - lanes; i += lanes)
            {
                var value = Vector256.LoadUnsafe(ref from, (nuint)i);
                var (hi, lo) = Log(value, logTable);

                // y·log x as ehi + elo: the product, and its rounding error plus y times log's low part, fused.
                var ehi = ys * hi;
                var elo = Fma.MultiplyAdd(ys, lo, Fma.MultiplySubtract(hi, ys, ehi));
                Exponentials.Core(ehi, elo, expTable).StoreUnsafe(ref to, (nuint)i);

                var normal = Vector256.GreaterThanOrEqual(value, Vector256.Create(SmallestNormal))
                    & Vector256.LessThan(value, Vector256.Create(double.PositiveInfinity));
                var inside = (normal & Exponentials.InTableRange(ehi)).ExtractMostSignificantBits();
                if (inside != (1U << lanes) - 1)
                {
                    for (var lane = 0; lane < lanes; lane++)
                    {
                        if (((inside >> lane) & 1) == 0)
                        {
                            Unsafe.Add(ref to, i + lane) = Math.Pow(value.GetElement(lane), y);
                        }
                    }
                }
            }
        }

        return i;
    }

    /// <summary>
    /// log x as hi + lo for positive normal x, glibc's pow's log (<c>log_inline</c> in <c>e_pow.c</c>) with its FMA
    /// build's roundings: x = 2^k·z with z near 1, log x = k·ln2 + log c + log(z/c), where c is the centre of z's
    /// table interval, 1/c has few bits (so z/c − 1 is exact with one fused step) and log c is split in two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector256<double> Hi, Vector256<double> Lo) Log(Vector256<double> x, ulong* table)
    {
        var bits = x.AsUInt64();
        var offset = bits - Vector256.Create(LogOffset);
        var index = (((offset >> (52 - LogTableBits)) & Vector256.Create((ulong)(LogTableSize - 1))) << 2).AsInt64();

        // k, the top 12 bits of offset as a signed number, as a double: biased to 0..4095, made a double by the
        // 2^52 trick (exact), unbiased.
        var biased = (offset >> 52) ^ Vector256.Create(0x800UL);
        var twoTo52 = Vector256.Create(4503599627370496.0);
        var kd = ((biased | twoTo52.AsUInt64()).AsDouble() - twoTo52) - Vector256.Create(2048.0);
        var z = (bits - (offset & Vector256.Create(0xFFF0000000000000UL))).AsDouble();

        var invc = Avx2.GatherVector256((double*)table, index, 8);
        var logc = Avx2.GatherVector256((double*)table + 1, index, 8);
        var logctail = Avx2.GatherVector256((double*)table + 2, index, 8);

        var r = Fma.MultiplyAdd(z, invc, Vector256.Create(-1.0));
        var t1 = Fma.MultiplyAdd(kd, Vector256.Create(Ln2Hi), logc);
        var t2 = t1 + r;
        var lo1 = Fma.MultiplyAdd(kd, Vector256.Create(Ln2Lo), logctail);
        var lo2 = t1 - t2 + r;
        var ar = r * Vector256.Create(A0);
        var ar2 = r * ar;
        var ar3 = r * ar2;
        var hi = t2 + ar2;
        var lo3 = Fma.MultiplySubtract(ar, r, ar2);
        var lo4 = t2 - hi + ar2;
        var p = Fma.MultiplyAdd(ar2, Fma.MultiplyAdd(Fma.MultiplyAdd(r, Vector256.Create(A6), Vector256.Create(A5)), ar2, Fma.MultiplyAdd(r, Vector256.Create(A4), Vector256.Create(A3))), Fma.MultiplyAdd(r, Vector256.Create(A2), Vector256.Create(A1)));
        var lo = Fma.MultiplyAdd(ar3, p, lo1 + lo2 + lo3 + lo4);
        var sum = hi + lo;
        return (sum, hi - sum + lo);
    }

    /// <summary>
    /// Whether <see cref="Vectors"/> gives <see cref="Math.Pow"/>'s bits for x in the middle and near both ends of
    /// every log-table interval, over two octaves, each raised to several y (the model's elasticities and others),
    /// and on <see cref="TellingPowers"/>: 3,852 calls.
    /// </summary>
    private static bool MatchesLibrary()
    {
        var x = new List<double>();
        for (var octave = -1; octave <= 0; octave++)
        {
            for (var k = 0; k < LogTableSize; k++)
            {
                foreach (var at in (ReadOnlySpan<double>)[0.5, 0.02, 0.98])
                {
                    // Offsets from LogOffset's double spread over the interval k covers (2^45 of the bits each).
                    var bits = LogOffset + ((ulong)k << (52 - LogTableBits)) + (ulong)(at * (1UL << (52 - LogTableBits)));
                    x.Add(Math.ScaleB(BitConverter.UInt64BitsToDouble(bits & 0x000FFFFFFFFFFFFFUL | 0x3FF0000000000000UL), octave));
                }
            }
        }

        var telling = TellingPowers;
        var one = new double[Vector256<double>.Count];
        var result = new double[one.Length];
        for (var t = 0; t < telling.Length; t += 2)
        {
            var y = BitConverter.UInt64BitsToDouble(telling[t + 1]);
            one.AsSpan().Fill(BitConverter.UInt64BitsToDouble(telling[t]));
            if (Vectors(one, y, result) != one.Length
                || BitConverter.DoubleToUInt64Bits(result[0]) != BitConverter.DoubleToUInt64Bits(Math.Pow(one[0], y)))
            {
                return false;
            }
        }

        var values = x.ToArray();
        var results = new double[values.Length];
        foreach (var y in (ReadOnlySpan<double>)[0.6, 0.25, 1.7, -0.3, 3])
        {
            var done = Vectors(values, y, results);
            for (var i = 0; i < done; i++)
            {
                if (BitConverter.DoubleToUInt64Bits(results[i]) != BitConverter.DoubleToUInt64Bits(Math.Pow(values[i], y)))
                {
                    return false;
                }
            }

            if (done == 0)
            {
                return false;
            }
        }

        return true;
    }

    private const int LogTableBits = 7;
    private const int LogTableSize = 1 << LogTableBits;

    /// <summary>The bits of 0x1.69555p-1 (about 0.7): z, x's mantissa part, lies in [that, twice that).</summary>
    private const ulong LogOffset = 0x3FE6955500000000UL;

    // glibc's constants (sysdeps/ieee754/dbl-64/e_pow_log_data.c): ln2 in a high part with zeros at the bottom (so k
    // times it is exact) and a low part, and the polynomial's coefficients, scaled as its evaluation expects (A0 = −½).
    // Shortest round-trip literals, so the JIT folds them; PowersTests holds each to glibc's bits (in the comments).
    internal const double Ln2Hi = 0.6931471805598903; // 0x3FE62E42FEFA3800
    internal const double Ln2Lo = 5.497923018708371e-14; // 0x3D2EF35793C76730
    internal const double A0 = -0.5; // 0xBFE0000000000000
    internal const double A1 = -0.6666666666666679; // 0xBFE5555555555560
    internal const double A2 = 0.5000000000000007; // 0x3FE0000000000006
    internal const double A3 = 0.7999999995323976; // 0x3FE999999959554E
    internal const double A4 = -0.6666666663487739; // 0xBFE555555529A47A
    internal const double A5 = -1.142909628459501; // 0xBFF2495B9B4845E9
    internal const double A6 = 1.0000415263675542; // 0x3FF0002B8B263FC3

    /// <summary>The smallest positive normal double, 2^-1022: below it (and at zero, negatives, infinity, NaN) glibc's pow takes special paths.</summary>
    private const double SmallestNormal = 2.2250738585072014E-308;

    /// <summary>
    /// Whether this process's <see cref="Math.Pow"/> is glibc's FMA build, whose operations <see cref="Vectors"/>
    /// repeats: its exp is (<see cref="Exponentials.Emulated"/>; the two come from one library, chosen by the same
    /// processor features), and the vector path gives its bits on every entry of the log table for several y and on
    /// <see cref="TellingPowers"/>.
    /// </summary>
    internal static bool Emulated { get; } = Exponentials.Emulated && MatchesLibrary();


    /// <summary>
    /// Pairs of x and y (as bits) whose power glibc's FMA build rounds away from the nearest double (about one in 870,
    /// found against 45-digit decimal arithmetic): a correctly rounded pow, or another algorithm, would not share them.
    /// </summary>
    internal static ReadOnlySpan<ulong> TellingPowers =>
    [
        0x3FE269CD3FF851C4, 0x3FFB333333333333, 0x3FFAE449DA9C3F80, 0x3FE3333333333333,
        0x4001918C09B22EA0, 0x3FD3333333333333, 0x3FECCAC56D24A196, 0x3FD3333333333333,
        0x3FE5B73415BB8C62, 0x3FFB333333333333, 0x3FE534AD06E9F57C, 0x3FE3333333333333,
        0x3FCE0A0DC0BC9C82, 0xBFDCCCCCCCCCCCCD, 0x3FDF8392C74F7BBD, 0x3FE3333333333333,
        0x4001382C0240D025, 0xBFDCCCCCCCCCCCCD, 0x3FF64D5EFD9B3AF9, 0x3FE3333333333333,
        0x3FE0B91DE1D4EFE8, 0x3FFB333333333333, 0x3FFF226A8C685092, 0x3FD3333333333333,
    ];

    /// <summary>
    /// glibc's pow log table (the same file), four doubles an entry as bits: 1/c, log c rounded to a multiple of 2^-43
    /// (so k·ln2hi + log c is exact), the rest of log c, and a zero that makes an entry 32 bytes. <c>PowersTests</c>
    /// holds the results to <see cref="Math.Pow"/> on every entry.
    /// </summary>
    internal static ReadOnlySpan<ulong> LogTable =>
    [
        0x3FF6A00000000000, 0xBFD62C82F2B9C800, 0x3CFAB42428375680, 0x0000000000000000,
        0x3FF6800000000000, 0xBFD5D1BDBF580800, 0xBD1CA508D8E0F720, 0x0000000000000000,
        0x3FF6600000000000, 0xBFD5767717455800, 0xBD2362A4D5B6506D, 0x0000000000000000,
        0x3FF6400000000000, 0xBFD51AAD872DF800, 0xBCE684E49EB067D5, 0x0000000000000000,
        0x3FF6200000000000, 0xBFD4BE5F95777800, 0xBD041B6993293EE0, 0x0000000000000000,
        0x3FF6000000000000, 0xBFD4618BC21C6000, 0x3D13D82F484C84CC, 0x0000000000000000,
        0x3FF5E00000000000, 0xBFD404308686A800, 0x3CDC42F3ED820B3A, 0x0000000000000000,
        0x3FF5C00000000000, 0xBFD3A64C55694800, 0x3D20B1C686519460, 0x0000000000000000,
        0x3FF5A00000000000, 0xBFD347DD9A988000, 0x3D25594DD4C58092, 0x0000000000000000,
        0x3FF5800000000000, 0xBFD2E8E2BAE12000, 0x3D267B1E99B72BD8, 0x0000000000000000,
        0x3FF5600000000000, 0xBFD2895A13DE8800, 0x3D15CA14B6CFB03F, 0x0000000000000000,
        0x3FF5600000000000, 0xBFD2895A13DE8800, 0x3D15CA14B6CFB03F, 0x0000000000000000,
        0x3FF5400000000000, 0xBFD22941FBCF7800, 0xBD165A242853DA76, 0x0000000000000000,
        0x3FF5200000000000, 0xBFD1C898C1699800, 0xBD1FAFBC68E75404, 0x0000000000000000,
        0x3FF5000000000000, 0xBFD1675CABABA800, 0x3D1F1FC63382A8F0, 0x0000000000000000,
        0x3FF4E00000000000, 0xBFD1058BF9AE4800, 0xBD26A8C4FD055A66, 0x0000000000000000,
        0x3FF4C00000000000, 0xBFD0A324E2739000, 0xBD0C6BEE7EF4030E, 0x0000000000000000,
        0x3FF4A00000000000, 0xBFD0402594B4D000, 0xBCF036B89EF42D7F, 0x0000000000000000,
        0x3FF4A00000000000, 0xBFD0402594B4D000, 0xBCF036B89EF42D7F, 0x0000000000000000,
        0x3FF4800000000000, 0xBFCFB9186D5E4000, 0x3D0D572AAB993C87, 0x0000000000000000,
        0x3FF4600000000000, 0xBFCEF0ADCBDC6000, 0x3D2B26B79C86AF24, 0x0000000000000000,
        0x3FF4400000000000, 0xBFCE27076E2AF000, 0xBD172F4F543FFF10, 0x0000000000000000,
        0x3FF4200000000000, 0xBFCD5C216B4FC000, 0x3D21BA91BBCA681B, 0x0000000000000000,
        0x3FF4000000000000, 0xBFCC8FF7C79AA000, 0x3D27794F689F8434, 0x0000000000000000,
        0x3FF4000000000000, 0xBFCC8FF7C79AA000, 0x3D27794F689F8434, 0x0000000000000000,
        0x3FF3E00000000000, 0xBFCBC286742D9000, 0x3D194EB0318BB78F, 0x0000000000000000,
        0x3FF3C00000000000, 0xBFCAF3C94E80C000, 0x3CBA4E633FCD9066, 0x0000000000000000,
        0x3FF3A00000000000, 0xBFCA23BC1FE2B000, 0xBD258C64DC46C1EA, 0x0000000000000000,
        0x3FF3A00000000000, 0xBFCA23BC1FE2B000, 0xBD258C64DC46C1EA, 0x0000000000000000,
        0x3FF3800000000000, 0xBFC9525A9CF45000, 0xBD2AD1D904C1D4E3, 0x0000000000000000,
        0x3FF3600000000000, 0xBFC87FA06520D000, 0x3D2BBDBF7FDBFA09, 0x0000000000000000,
        0x3FF3400000000000, 0xBFC7AB890210E000, 0x3D2BDB9072534A58, 0x0000000000000000,
        0x3FF3400000000000, 0xBFC7AB890210E000, 0x3D2BDB9072534A58, 0x0000000000000000,
        0x3FF3200000000000, 0xBFC6D60FE719D000, 0xBD10E46AA3B2E266, 0x0000000000000000,
        0x3FF3000000000000, 0xBFC5FF3070A79000, 0xBD1E9E439F105039, 0x0000000000000000,
        0x3FF3000000000000, 0xBFC5FF3070A79000, 0xBD1E9E439F105039, 0x0000000000000000,
        0x3FF2E00000000000, 0xBFC526E5E3A1B000, 0xBD20DE8B90075B8F, 0x0000000000000000,
        0x3FF2C00000000000, 0xBFC44D2B6CCB8000, 0x3D170CC16135783C, 0x0000000000000000,
        0x3FF2C00000000000, 0xBFC44D2B6CCB8000, 0x3D170CC16135783C, 0x0000000000000000,
        0x3FF2A00000000000, 0xBFC371FC201E9000, 0x3CF178864D27543A, 0x0000000000000000,
        0x3FF2800000000000, 0xBFC29552F81FF000, 0xBD248D301771C408, 0x0000000000000000,
        0x3FF2600000000000, 0xBFC1B72AD52F6000, 0xBD2E80A41811A396, 0x0000000000000000,
        0x3FF2600000000000, 0xBFC1B72AD52F6000, 0xBD2E80A41811A396, 0x0000000000000000,
        0x3FF2400000000000, 0xBFC0D77E7CD09000, 0x3D0A699688E85BF4, 0x0000000000000000,
        0x3FF2400000000000, 0xBFC0D77E7CD09000, 0x3D0A699688E85BF4, 0x0000000000000000,
        0x3FF2200000000000, 0xBFBFEC9131DBE000, 0xBD2575545CA333F2, 0x0000000000000000,
        0x3FF2000000000000, 0xBFBE27076E2B0000, 0x3D2A342C2AF0003C, 0x0000000000000000,
        0x3FF2000000000000, 0xBFBE27076E2B0000, 0x3D2A342C2AF0003C, 0x0000000000000000,
        0x3FF1E00000000000, 0xBFBC5E548F5BC000, 0xBD1D0C57585FBE06, 0x0000000000000000,
        0x3FF1C00000000000, 0xBFBA926D3A4AE000, 0x3D253935E85BAAC8, 0x0000000000000000,
        0x3FF1C00000000000, 0xBFBA926D3A4AE000, 0x3D253935E85BAAC8, 0x0000000000000000,
        0x3FF1A00000000000, 0xBFB8C345D631A000, 0x3D137C294D2F5668, 0x0000000000000000,
        0x3FF1A00000000000, 0xBFB8C345D631A000, 0x3D137C294D2F5668, 0x0000000000000000,
        0x3FF1800000000000, 0xBFB6F0D28AE56000, 0xBD269737C93373DA, 0x0000000000000000,
        0x3FF1600000000000, 0xBFB51B073F062000, 0x3D1F025B61C65E57, 0x0000000000000000,
        0x3FF1600000000000, 0xBFB51B073F062000, 0x3D1F025B61C65E57, 0x0000000000000000,
        0x3FF1400000000000, 0xBFB341D7961BE000, 0x3D2C5EDACCF913DF, 0x0000000000000000,
        0x3FF1400000000000, 0xBFB341D7961BE000, 0x3D2C5EDACCF913DF, 0x0000000000000000,
        0x3FF1200000000000, 0xBFB16536EEA38000, 0x3D147C5E768FA309, 0x0000000000000000,
        0x3FF1000000000000, 0xBFAF0A30C0118000, 0x3D2D599E83368E91, 0x0000000000000000,
        0x3FF1000000000000, 0xBFAF0A30C0118000, 0x3D2D599E83368E91, 0x0000000000000000,
        0x3FF0E00000000000, 0xBFAB42DD71198000, 0x3D1C827AE5D6704C, 0x0000000000000000,
        0x3FF0E00000000000, 0xBFAB42DD71198000, 0x3D1C827AE5D6704C, 0x0000000000000000,
        0x3FF0C00000000000, 0xBFA77458F632C000, 0xBD2CFC4634F2A1EE, 0x0000000000000000,
        0x3FF0C00000000000, 0xBFA77458F632C000, 0xBD2CFC4634F2A1EE, 0x0000000000000000,
        0x3FF0A00000000000, 0xBFA39E87B9FEC000, 0x3CF502B7F526FEAA, 0x0000000000000000,
        0x3FF0A00000000000, 0xBFA39E87B9FEC000, 0x3CF502B7F526FEAA, 0x0000000000000000,
        0x3FF0800000000000, 0xBF9F829B0E780000, 0xBD2980267C7E09E4, 0x0000000000000000,
        0x3FF0800000000000, 0xBF9F829B0E780000, 0xBD2980267C7E09E4, 0x0000000000000000,
        0x3FF0600000000000, 0xBF97B91B07D58000, 0xBD288D5493FAA639, 0x0000000000000000,
        0x3FF0400000000000, 0xBF8FC0A8B0FC0000, 0xBCDF1E7CF6D3A69C, 0x0000000000000000,
        0x3FF0400000000000, 0xBF8FC0A8B0FC0000, 0xBCDF1E7CF6D3A69C, 0x0000000000000000,
        0x3FF0200000000000, 0xBF7FE02A6B100000, 0xBD19E23F0DDA40E4, 0x0000000000000000,
        0x3FF0200000000000, 0xBF7FE02A6B100000, 0xBD19E23F0DDA40E4, 0x0000000000000000,
        0x3FF0000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
        0x3FF0000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
        0x3FEFC00000000000, 0x3F80101575890000, 0xBD10C76B999D2BE8, 0x0000000000000000,
        0x3FEF800000000000, 0x3F90205658938000, 0xBD23DC5B06E2F7D2, 0x0000000000000000,
        0x3FEF400000000000, 0x3F98492528C90000, 0xBD2AA0BA325A0C34, 0x0000000000000000,
        0x3FEF000000000000, 0x3FA0415D89E74000, 0x3D0111C05CF1D753, 0x0000000000000000,
        0x3FEEC00000000000, 0x3FA466AED42E0000, 0xBD2C167375BDFD28, 0x0000000000000000,
        0x3FEE800000000000, 0x3FA894AA149FC000, 0xBD197995D05A267D, 0x0000000000000000,
        0x3FEE400000000000, 0x3FACCB73CDDDC000, 0xBD1A68F247D82807, 0x0000000000000000,
        0x3FEE200000000000, 0x3FAEEA31C006C000, 0xBD0E113E4FC93B7B, 0x0000000000000000,
        0x3FEDE00000000000, 0x3FB1973BD1466000, 0xBD25325D560D9E9B, 0x0000000000000000,
        0x3FEDA00000000000, 0x3FB3BDF5A7D1E000, 0x3D2CC85EA5DB4ED7, 0x0000000000000000,
        0x3FED600000000000, 0x3FB5E95A4D97A000, 0xBD2C69063C5D1D1E, 0x0000000000000000,
        0x3FED400000000000, 0x3FB700D30AEAC000, 0x3CEC1E8DA99DED32, 0x0000000000000000,
        0x3FED000000000000, 0x3FB9335E5D594000, 0x3D23115C3ABD47DA, 0x0000000000000000,
        0x3FECC00000000000, 0x3FBB6AC88DAD6000, 0xBD1390802BF768E5, 0x0000000000000000,
        0x3FECA00000000000, 0x3FBC885801BC4000, 0x3D2646D1C65AACD3, 0x0000000000000000,
        0x3FEC600000000000, 0x3FBEC739830A2000, 0xBD2DC068AFE645E0, 0x0000000000000000,
        0x3FEC400000000000, 0x3FBFE89139DBE000, 0xBD2534D64FA10AFD, 0x0000000000000000,
        0x3FEC000000000000, 0x3FC1178E8227E000, 0x3D21EF78CE2D07F2, 0x0000000000000000,
        0x3FEBE00000000000, 0x3FC1AA2B7E23F000, 0x3D2CA78E44389934, 0x0000000000000000,
        0x3FEBA00000000000, 0x3FC2D1610C868000, 0x3D039D6CCB81B4A1, 0x0000000000000000,
        0x3FEB800000000000, 0x3FC365FCB0159000, 0x3CC62FA8234B7289, 0x0000000000000000,
        0x3FEB400000000000, 0x3FC4913D8333B000, 0x3D25837954FDB678, 0x0000000000000000,
        0x3FEB200000000000, 0x3FC527E5E4A1B000, 0x3D2633E8E5697DC7, 0x0000000000000000,
        0x3FEAE00000000000, 0x3FC6574EBE8C1000, 0x3D19CF8B2C3C2E78, 0x0000000000000000,
        0x3FEAC00000000000, 0x3FC6F0128B757000, 0xBD25118DE59C21E1, 0x0000000000000000,
        0x3FEAA00000000000, 0x3FC7898D85445000, 0xBD1C661070914305, 0x0000000000000000,
        0x3FEA600000000000, 0x3FC8BEAFEB390000, 0xBD073D54AAE92CD1, 0x0000000000000000,
        0x3FEA400000000000, 0x3FC95A5ADCF70000, 0x3D07F22858A0FF6F, 0x0000000000000000,
        0x3FEA000000000000, 0x3FCA93ED3C8AE000, 0xBD28724350562169, 0x0000000000000000,
        0x3FE9E00000000000, 0x3FCB31D8575BD000, 0xBD0C358D4EACE1AA, 0x0000000000000000,
        0x3FE9C00000000000, 0x3FCBD087383BE000, 0xBD2D4BC4595412B6, 0x0000000000000000,
        0x3FE9A00000000000, 0x3FCC6FFBC6F01000, 0xBCF1EC72C5962BD2, 0x0000000000000000,
        0x3FE9600000000000, 0x3FCDB13DB0D49000, 0xBD2AFF2AF715B035, 0x0000000000000000,
        0x3FE9400000000000, 0x3FCE530EFFE71000, 0x3CC212276041F430, 0x0000000000000000,
        0x3FE9200000000000, 0x3FCEF5ADE4DD0000, 0xBCCA211565BB8E11, 0x0000000000000000,
        0x3FE9000000000000, 0x3FCF991C6CB3B000, 0x3D1BCBECCA0CDF30, 0x0000000000000000,
        0x3FE8C00000000000, 0x3FD07138604D5800, 0x3CF89CDB16ED4E91, 0x0000000000000000,
        0x3FE8A00000000000, 0x3FD0C42D67616000, 0x3D27188B163CEAE9, 0x0000000000000000,
        0x3FE8800000000000, 0x3FD1178E8227E800, 0xBD2C210E63A5F01C, 0x0000000000000000,
        0x3FE8600000000000, 0x3FD16B5CCBACF800, 0x3D2B9ACDF7A51681, 0x0000000000000000,
        0x3FE8400000000000, 0x3FD1BF99635A6800, 0x3D2CA6ED5147BDB7, 0x0000000000000000,
        0x3FE8200000000000, 0x3FD214456D0EB800, 0x3D0A87DEBA46BAEA, 0x0000000000000000,
        0x3FE7E00000000000, 0x3FD2BEF07CDC9000, 0x3D2A9CFA4A5004F4, 0x0000000000000000,
        0x3FE7C00000000000, 0x3FD314F1E1D36000, 0xBD28E27AD3213CB8, 0x0000000000000000,
        0x3FE7A00000000000, 0x3FD36B6776BE1000, 0x3D116ECDB0F177C8, 0x0000000000000000,
        0x3FE7800000000000, 0x3FD3C25277333000, 0x3D183B54B606BD5C, 0x0000000000000000,
        0x3FE7600000000000, 0x3FD419B423D5E800, 0x3D08E436EC90E09D, 0x0000000000000000,
        0x3FE7400000000000, 0x3FD4718DC271C800, 0xBD2F27CE0967D675, 0x0000000000000000,
        0x3FE7200000000000, 0x3FD4C9E09E173000, 0xBD2E20891B0AD8A4, 0x0000000000000000,
        0x3FE7000000000000, 0x3FD522AE0738A000, 0x3D2EBE708164C759, 0x0000000000000000,
        0x3FE6E00000000000, 0x3FD57BF753C8D000, 0x3D1FADEDEE5D40EF, 0x0000000000000000,
        0x3FE6C00000000000, 0x3FD5D5BDDF596000, 0xBD0A0B2A08A465DC, 0x0000000000000000
    ];
}
