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

        var i = y == 0.5 && CheckedLibrary && Vector256.IsHardwareAccelerated && Fma.IsSupported ? SquareRoots(x, into) : 0;
        for (; i < x.Length; i++)
        {
            into[i] = Math.Pow(x[i], y);
        }
    }

    /// <summary>The whole vectors of four of <see cref="Pow"/> for y = ½; returns how many it did.</summary>
    private static int SquareRoots(ReadOnlySpan<double> x, Span<double> into)
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
}
