using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LiubeiSim.Model.Randomness;

/// <summary>
/// One stream's draws for a run of consecutive replications at once, in SIMD lanes where the machine has them (512-bit
/// with AVX-512, 256-bit with AVX2, one at a time otherwise). Every lane does the scalar code's operations in the
/// scalar code's order (64-bit wrapping multiplies, shifts, an exact integer-to-double conversion, IEEE adds,
/// multiplies and divisions, never a fused multiply-add), so a batch gives exactly the bits of
/// <see cref="CounterRandom.Uniform"/> and <see cref="Distributions.InverseNormal"/> one at a time; the normal's rare
/// tails are done by the scalar code itself. <c>NarrowVectorTests</c> holds every width to the golden outputs.
/// </summary>
public static class BatchDraws
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const double TwoPowMinus53 = 1.0 / (1UL << 53);
    private const double PLow = 0.02425;
    private const double PHigh = 1 - PLow;

    /// <summary>destination[i] = <see cref="CounterRandom.Uniform"/>(streamKey, firstReplication + i).</summary>
    public static void Uniforms(ulong streamKey, int firstReplication, Span<double> destination)
    {
        var i = Vector512.IsHardwareAccelerated ? Uniforms512(streamKey, firstReplication, destination)
            : Vector256.IsHardwareAccelerated ? Uniforms256(streamKey, firstReplication, destination)
            : 0;
        for (; i < destination.Length; i++)
        {
            destination[i] = CounterRandom.Uniform(streamKey, firstReplication + i);
        }
    }

    /// <summary>The whole vectors of <see cref="Uniforms"/> in 512-bit lanes; returns how many it wrote.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Uniforms512(ulong streamKey, int firstReplication, Span<double> destination)
    {
        var i = 0;
        var lanes = Vector512<ulong>.Count;
        var step = Vector512.Create((ulong)lanes);
        var replication = Vector512.Create((ulong)(uint)firstReplication + 1) + Vector512<ulong>.Indices;
        var key = Vector512.Create(streamKey);
        var golden = Vector512.Create(Golden);
        ref var d = ref MemoryMarshal.GetReference(destination);
        for (; i <= destination.Length - lanes; i += lanes)
        {
            var bits = Mix(key + (golden * replication));
            var u = (Vector512.ConvertToDouble(bits >>> 11) + Vector512.Create(0.5)) * Vector512.Create(TwoPowMinus53);
            u.StoreUnsafe(ref d, (nuint)i);
            replication += step;
        }

        return i;
    }

    /// <summary>
    /// The whole vectors of <see cref="Uniforms"/> in 256-bit lanes, for machines without AVX-512 (which have no 64-bit
    /// multiply or 64-bit integer to double conversion in one instruction); returns how many it wrote. The stream's
    /// offsets golden × (replication + 1) advance by golden × lanes, the same wrapping products; the 53 bits kept are
    /// made a double exactly from their two halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Uniforms256(ulong streamKey, int firstReplication, Span<double> destination)
    {
        var i = 0;
        var lanes = Vector256<ulong>.Count;
        var step = Vector256.Create(Golden * (ulong)lanes);
        var offset = Vector256.Create(Golden) * (Vector256.Create((ulong)(uint)firstReplication + 1) + Vector256<ulong>.Indices);
        var key = Vector256.Create(streamKey);
        ref var d = ref MemoryMarshal.GetReference(destination);
        for (; i <= destination.Length - lanes; i += lanes)
        {
            var kept = Mix(key + offset) >>> 11;
            var u = (ExactDouble(kept) + Vector256.Create(0.5)) * Vector256.Create(TwoPowMinus53);
            u.StoreUnsafe(ref d, (nuint)i);
            offset += step;
        }

        return i;
    }

    /// <summary>destination[i] = <see cref="CounterRandom.Normal"/>(streamKey, firstReplication + i).</summary>
    public static void Normals(ulong streamKey, int firstReplication, Span<double> destination)
    {
        Uniforms(streamKey, firstReplication, destination);
        InverseNormals(destination);
    }

    /// <summary>values[i] = <see cref="Distributions.InverseNormal"/>(values[i]), in place.</summary>
    public static void InverseNormals(Span<double> values)
    {
        var i = Vector512.IsHardwareAccelerated ? InverseNormals512(values)
            : Vector256.IsHardwareAccelerated ? InverseNormals256(values)
            : 0;
        for (; i < values.Length; i++)
        {
            values[i] = Distributions.InverseNormal(values[i]);
        }
    }

    /// <summary>The whole vectors of <see cref="InverseNormals"/> in 512-bit lanes; returns how many it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int InverseNormals512(Span<double> values)
    {
        var i = 0;
        var lanes = Vector512<double>.Count;
        ref var v = ref MemoryMarshal.GetReference(values);
        for (; i <= values.Length - lanes; i += lanes)
        {
            var p = Vector512.LoadUnsafe(ref v, (nuint)i);
            var central = Vector512.GreaterThanOrEqual(p, Vector512.Create(PLow)) & Vector512.LessThanOrEqual(p, Vector512.Create(PHigh));
            Central(p).StoreUnsafe(ref v, (nuint)i);
            if (!Vector512.EqualsAll(central.AsUInt64(), Vector512<ulong>.AllBitsSet))
            {
                // A tail in this batch: those lanes from the scalar code, on their own uniforms.
                for (var lane = 0; lane < lanes; lane++)
                {
                    if (central.GetElement(lane) == 0)
                    {
                        Unsafe.Add(ref v, i + lane) = Distributions.InverseNormal(p.GetElement(lane));
                    }
                }
            }
        }

        return i;
    }

    /// <summary>The whole vectors of <see cref="InverseNormals"/> in 256-bit lanes; returns how many it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int InverseNormals256(Span<double> values)
    {
        var i = 0;
        var lanes = Vector256<double>.Count;
        ref var v = ref MemoryMarshal.GetReference(values);
        for (; i <= values.Length - lanes; i += lanes)
        {
            var p = Vector256.LoadUnsafe(ref v, (nuint)i);
            var central = Vector256.GreaterThanOrEqual(p, Vector256.Create(PLow)) & Vector256.LessThanOrEqual(p, Vector256.Create(PHigh));
            Central(p).StoreUnsafe(ref v, (nuint)i);
            var mask = central.ExtractMostSignificantBits();
            if (mask != (1U << lanes) - 1)
            {
                // A tail in this batch: those lanes from the scalar code, on their own uniforms.
                for (var lane = 0; lane < lanes; lane++)
                {
                    if (((mask >> lane) & 1) == 0)
                    {
                        Unsafe.Add(ref v, i + lane) = Distributions.InverseNormal(p.GetElement(lane));
                    }
                }
            }
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }

    /// <summary>Acklam's central branch, operation for operation as <see cref="Distributions.InverseNormal"/> writes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Central(Vector512<double> p)
    {
        var q = p - Vector512.Create(0.5);
        var r = q * q;
        var numerator = (((((Vector512.Create(-3.969683028665376e+01) * r + Vector512.Create(2.209460984245205e+02)) * r - Vector512.Create(2.759285104469687e+02)) * r + Vector512.Create(1.383577518672690e+02)) * r - Vector512.Create(3.066479806614716e+01)) * r + Vector512.Create(2.506628277459239e+00)) * q;
        var denominator = ((((Vector512.Create(-5.447609879822406e+01) * r + Vector512.Create(1.615858368580409e+02)) * r - Vector512.Create(1.556989798598866e+02)) * r + Vector512.Create(6.680131188771972e+01)) * r - Vector512.Create(1.328068155288572e+01)) * r + Vector512.Create(1.0);
        return numerator / denominator;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }

    /// <summary>
    /// Integers below 2^53 as doubles, exactly: each 32-bit half is placed in the mantissa of a power of two (2^84 and
    /// 2^52) and the powers subtracted; every step is exact, so this is the conversion's value, not an approximation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExactDouble(Vector256<ulong> below53Bits)
    {
        var high = (below53Bits >>> 32) | Vector256.Create(0x4530000000000000UL);
        var low = (below53Bits & Vector256.Create(0xFFFFFFFFUL)) | Vector256.Create(0x4330000000000000UL);
        return (high.AsDouble() - Vector256.Create(TwoPow84PlusTwoPow52)) + low.AsDouble();
    }

    private const double TwoPow84PlusTwoPow52 = 19342813113834066795298816.0 + 4503599627370496.0;

    /// <summary>Acklam's central branch, operation for operation as <see cref="Distributions.InverseNormal"/> writes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Central(Vector256<double> p)
    {
        var q = p - Vector256.Create(0.5);
        var r = q * q;
        var numerator = (((((Vector256.Create(-3.969683028665376e+01) * r + Vector256.Create(2.209460984245205e+02)) * r - Vector256.Create(2.759285104469687e+02)) * r + Vector256.Create(1.383577518672690e+02)) * r - Vector256.Create(3.066479806614716e+01)) * r + Vector256.Create(2.506628277459239e+00)) * q;
        var denominator = ((((Vector256.Create(-5.447609879822406e+01) * r + Vector256.Create(1.615858368580409e+02)) * r - Vector256.Create(1.556989798598866e+02)) * r + Vector256.Create(6.680131188771972e+01)) * r - Vector256.Create(1.328068155288572e+01)) * r + Vector256.Create(1.0);
        return numerator / denominator;
    }
}
