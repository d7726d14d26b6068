using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// A width of SIMD lanes of doubles, so one generic kernel serves machines with AVX-512 (eight replications a vector)
/// and those with AVX2 only (four): instantiated over a struct, the JIT compiles each width apart and the calls below
/// become the vector instructions themselves. Adds, multiplies and divisions are the IEEE operations lane by lane,
/// never fused (the vector types' own operators, which do not implement the generic-math interfaces).
/// </summary>
internal interface IDoubleLanes<TVector>
    where TVector : unmanaged
{
    static abstract int Count { get; }

    static abstract TVector Broadcast(double value);

    /// <summary>The first <see cref="Count"/> values.</summary>
    static abstract TVector Load(ReadOnlySpan<double> values);

    /// <summary>To the first <see cref="Count"/> places.</summary>
    static abstract void Store(TVector vector, Span<double> destination);

    static abstract TVector Add(TVector left, TVector right);

    static abstract TVector Multiply(TVector left, TVector right);

    static abstract TVector Divide(TVector left, TVector right);
}

/// <summary>Eight doubles a vector (AVX-512).</summary>
internal readonly struct Lanes512 : IDoubleLanes<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ReadOnlySpan<double> values) => Vector512.Create(values);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> vector, Span<double> destination) => vector.CopyTo(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> left, Vector512<double> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> left, Vector512<double> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Divide(Vector512<double> left, Vector512<double> right) => left / right;
}

/// <summary>Four doubles a vector (AVX2).</summary>
internal readonly struct Lanes256 : IDoubleLanes<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ReadOnlySpan<double> values) => Vector256.Create(values);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> vector, Span<double> destination) => vector.CopyTo(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> left, Vector256<double> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> left, Vector256<double> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Divide(Vector256<double> left, Vector256<double> right) => left / right;
}
