using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiubeiSim.Model.Numerics;

/// <summary>
/// e^x for a run of x, with exactly the bits of <see cref="Math.Exp"/> one at a time.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Math.Exp"/> is the C library's <c>exp</c>. On Linux with glibc (2.28 and later) on a processor with FMA
/// and AVX2, that is glibc's table-driven exp as its FMA build evaluates it: x = k·ln2/128 + r, e^x = 2^(k/128) ·
/// (1 + tail + r + r²/2 + …), each step a fixed sequence of fused and plain roundings. The same sequence, four lanes at
/// a time, gives the same double for every x with 2^-54 ≤ |x| &lt; 512 (below and above, and NaN, the library is
/// called): nothing is approximated differently, so nothing can round differently. The algorithm's constants are
/// glibc's published ones; its table of 2^(k/128), each split into a double and the double's relative error, is
/// worked out here from its definition (<see cref="BuildTable"/>), not copied.
/// </para>
/// <para>
/// That this process's exp is that build is checked once, not assumed (<see cref="Emulated"/>): on a deterministic
/// sample, which must include inputs the library's builds without FMA round otherwise, every result must equal
/// <see cref="Math.Exp"/>'s. Anywhere else (Windows, macOS, musl, another glibc, no AVX2) every value is
/// <see cref="Math.Exp"/>'s. <c>ExponentialsTests</c> holds the result to <see cref="Math.Exp"/> bit for bit on
/// millions of arguments over every table entry.
/// </para>
/// </remarks>
public static class Exponentials
{
    private const int TableBits = 7;
    private const int TableSize = 1 << TableBits;

    // glibc's constants (sysdeps/ieee754/dbl-64/e_exp_data.c), as bits: 128/ln2; −ln2/128 in a high part with zeros
    // at the bottom (so k times it is exact) and a low part; the polynomial's coefficients of r² to r⁵; and
    // 1.5·2^52, which rounds z to an integer in the low bits of its representation.
    private static readonly double InvLn2N = BitConverter.UInt64BitsToDouble(0x40671547652B82FEUL);
    private static readonly double NegLn2HiN = BitConverter.UInt64BitsToDouble(0xBF762E42FEFA0000UL);
    private static readonly double NegLn2LoN = BitConverter.UInt64BitsToDouble(0xBD0CF79ABC9E3B3AUL);
    private static readonly double C2 = BitConverter.UInt64BitsToDouble(0x3FDFFFFFFFFFFDBDUL);
    private static readonly double C3 = BitConverter.UInt64BitsToDouble(0x3FC555555555543CUL);
    private static readonly double C4 = BitConverter.UInt64BitsToDouble(0x3FA55555CF172B91UL);
    private static readonly double C5 = BitConverter.UInt64BitsToDouble(0x3F81111167A4D017UL);
    private static readonly double Shift = BitConverter.UInt64BitsToDouble(0x4338000000000000UL);

    /// <summary>|x| from here (2^-54) to <see cref="Largest"/> takes the table's path in glibc; outside it, special cases.</summary>
    private static readonly double Smallest = Math.ScaleB(1.0, -54);

    private const double Largest = 512;

    /// <summary>For each k below 128: the relative error of the double nearest 2^(k/128), then that double's bits less k·2^45.</summary>
    private static readonly ulong[] Table = BuildTable();

    /// <summary>Whether this process's <see cref="Math.Exp"/> is the glibc build emulated here (see the remarks).</summary>
    internal static bool Emulated { get; } =
        OperatingSystem.IsLinux() && Fma.IsSupported && Avx2.IsSupported && Vector256.IsHardwareAccelerated && MatchesLibrary();

    /// <summary>into[i] = <see cref="Math.Exp"/>(x[i]), bit for bit. <paramref name="into"/> may be <paramref name="x"/> itself, but must not overlap it otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp(ReadOnlySpan<double> x, Span<double> into)
    {
        if (into.Length < x.Length)
        {
            throw new ArgumentException($"into holds {into.Length} values; x has {x.Length}.", nameof(into));
        }

        var i = Emulated ? Vectors(x, into) : 0;
        for (; i < x.Length; i++)
        {
            into[i] = Math.Exp(x[i]);
        }
    }

    /// <summary>The whole vectors of four of <see cref="Exp"/>; returns how many it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Vectors(ReadOnlySpan<double> x, Span<double> into)
    {
        ref var from = ref MemoryMarshal.GetReference(x);
        ref var to = ref MemoryMarshal.GetReference(into);
        var lanes = Vector256<double>.Count;
        var invLn2N = Vector256.Create(InvLn2N);
        var negLn2HiN = Vector256.Create(NegLn2HiN);
        var negLn2LoN = Vector256.Create(NegLn2LoN);
        var c2 = Vector256.Create(C2);
        var c3 = Vector256.Create(C3);
        var c4 = Vector256.Create(C4);
        var c5 = Vector256.Create(C5);
        var shift = Vector256.Create(Shift);
        var smallest = Vector256.Create(Smallest);
        var largest = Vector256.Create(Largest);
        var i = 0;
        fixed (ulong* table = Table)
        {
            for (; i <= x.Length - lanes; i += lanes)
            {
                var value = Vector256.LoadUnsafe(ref from, (nuint)i);

                // The operations and their order are glibc's FMA build's, one for one (see the remarks).
                var z = Fma.MultiplyAdd(value, invLn2N, shift);
                var k = z.AsUInt64();
                var kd = z - shift;
                var r = Fma.MultiplyAdd(kd, negLn2HiN, value);
                r = Fma.MultiplyAdd(kd, negLn2LoN, r);
                var index = ((k & Vector256.Create((ulong)(TableSize - 1))) << 1).AsInt64();
                var tail = Avx2.GatherVector256((double*)table, index, 8);
                var scaleBits = Avx2.GatherVector256(table + 1, index, 8) + (k << (52 - TableBits));
                var r2 = r * r;
                var low = Fma.MultiplyAdd(r, c3, c2);
                var high = Fma.MultiplyAdd(r, c5, c4);
                var sum = Fma.MultiplyAdd(low, r2, tail + r);
                sum = Fma.MultiplyAdd(r2 * r2, high, sum);
                var scale = scaleBits.AsDouble();
                Fma.MultiplyAdd(scale, sum, scale).StoreUnsafe(ref to, (nuint)i);

                var magnitude = Vector256.Abs(value);
                var inside = (Vector256.GreaterThanOrEqual(magnitude, smallest) & Vector256.LessThan(magnitude, largest)).ExtractMostSignificantBits();
                if (inside != (1U << lanes) - 1)
                {
                    for (var lane = 0; lane < lanes; lane++)
                    {
                        if (((inside >> lane) & 1) == 0)
                        {
                            Unsafe.Add(ref to, i + lane) = Math.Exp(value.GetElement(lane));
                        }
                    }
                }
            }
        }

        return i;
    }

    /// <summary>
    /// One value the way <see cref="Vectors"/> computes each lane, for 2^-54 ≤ |x| &lt; 512; with
    /// <paramref name="fused"/> false, with every product rounded before it is added (glibc's builds without FMA, and
    /// musl's), which is how <see cref="MatchesLibrary"/> tells the builds apart.
    /// </summary>
    internal static double Emulate(double x, bool fused = true)
    {
        static double MulAdd(double a, double b, double c, bool fused) => fused ? Math.FusedMultiplyAdd(a, b, c) : (a * b) + c;

        var z = MulAdd(x, InvLn2N, Shift, fused);
        var k = BitConverter.DoubleToUInt64Bits(z);
        var kd = z - Shift;
        var r = MulAdd(kd, NegLn2HiN, x, fused);
        r = MulAdd(kd, NegLn2LoN, r, fused);
        var index = (int)(k % TableSize) * 2;
        var tail = BitConverter.UInt64BitsToDouble(Table[index]);
        var scale = BitConverter.UInt64BitsToDouble(Table[index + 1] + (k << (52 - TableBits)));
        var r2 = r * r;
        var sum = MulAdd(MulAdd(r, C3, C2, fused), r2, tail + r, fused);
        sum = MulAdd(r2 * r2, MulAdd(r, C5, C4, fused), sum, fused);
        return MulAdd(scale, sum, scale, fused);
    }

    /// <summary>
    /// Whether <see cref="Math.Exp"/> gives <see cref="Emulate"/>'s bits on a deterministic sample of the table's range
    /// (every entry many times) that holds at least <see cref="DistinguishingNeeded"/> arguments on which the unfused
    /// evaluation rounds otherwise: one disagreement and the library is not the one emulated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MatchesLibrary()
    {
        var distinguishing = 0;
        var state = 0x9E3779B97F4A7C15UL;
        for (var n = 0; n < MaxSelfChecks && (n < MinSelfChecks || distinguishing < DistinguishingNeeded); n++)
        {
            // Arguments in (−40, 40), the model's range and then some, from a fixed integer sequence.
            state = (state * 6364136223846793005UL) + 1442695040888963407UL;
            var x = ((double)(state >> 11) * Math.ScaleB(1.0, -53) * 80) - 40;
            if (Math.Abs(x) < Smallest)
            {
                continue;
            }

            var emulated = Emulate(x);
            if (BitConverter.DoubleToUInt64Bits(emulated) != BitConverter.DoubleToUInt64Bits(Math.Exp(x)))
            {
                return false;
            }

            if (BitConverter.DoubleToUInt64Bits(Emulate(x, fused: false)) != BitConverter.DoubleToUInt64Bits(emulated))
            {
                distinguishing++;
            }
        }

        return distinguishing >= DistinguishingNeeded;
    }

    private const int MinSelfChecks = 4_096;
    private const int MaxSelfChecks = 200_000;
    private const int DistinguishingNeeded = 16;

    /// <summary>
    /// The table from its definition: for k below 128, H = 2^(k/128) rounded to a double, and the tail T =
    /// (2^(k/128) − H) / H rounded to a double; entry 2k is T's bits, 2k+1 is H's bits less k·2^45 (the exponent k
    /// brings back). 2^(k/128) is a product of 2^(1/2), 2^(1/4) … 2^(1/128), each the square root of the last, to 256
    /// bits in integers, far past where the roundings could change.
    /// </summary>
    internal static ulong[] BuildTable()
    {
        const int Bits = 256;
        var one = BigInteger.One << Bits;
        var roots = new BigInteger[TableBits];
        var root = 2 * one;
        for (var b = 0; b < TableBits; b++)
        {
            root = SquareRoot(root << Bits);
            roots[b] = root;
        }

        var table = new ulong[2 * TableSize];
        for (var k = 0; k < TableSize; k++)
        {
            var exact = one;
            for (var b = 0; b < TableBits; b++)
            {
                // Bit b of k, from the top: 2^(k/128) = Π 2^(bit/2^(b+1)).
                if (((k >> (TableBits - 1 - b)) & 1) == 1)
                {
                    exact = (exact * roots[b]) >> Bits;
                }
            }

            var nearest = Rounded(exact, Bits);
            var nearestFixed = new BigInteger(BitConverter.DoubleToUInt64Bits(nearest) & 0x000FFFFFFFFFFFFFUL | (1UL << 52)) << (Bits - 52);
            var tail = Rounded(((exact - nearestFixed) << Bits) / nearestFixed, Bits);
            table[2 * k] = BitConverter.DoubleToUInt64Bits(tail);
            table[(2 * k) + 1] = BitConverter.DoubleToUInt64Bits(nearest) - ((ulong)k << (52 - TableBits));
        }

        return table;
    }

    /// <summary>value / 2^scale rounded to the nearest double (ties to even); exact past 53 bits up to the integer's own truncation.</summary>
    private static double Rounded(BigInteger value, int scale)
    {
        if (value.IsZero)
        {
            return 0;
        }

        var negative = value.Sign < 0;
        var magnitude = BigInteger.Abs(value);
        var length = (int)magnitude.GetBitLength();
        var drop = Math.Max(0, length - 53);
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
        return negative ? -result : result;
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
