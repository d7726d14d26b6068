using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// The golden outputs, the determinism tests and the draws', powers' and exponentials' own tests again in child processes told to use
/// 256-bit, 128-bit and no vectors (<see cref="NarrowVectors"/>): on a machine with AVX-512 that covers all four paths
/// of the kernels, on one with AVX2 three.
/// </summary>
public sealed class NarrowVectorTests
{
    [Theory]
    [InlineData(256)]
    [InlineData(128)]
    [InlineData(0)]
    public Task Golden_outputs_and_draws_keep_their_bits_on_narrower_vectors(int bits) =>
        NarrowVectors.RunAsync(
            typeof(NarrowVectorTests).Assembly,
            bits,
            typeof(GoldenOutputTests),
            typeof(DeterminismTests),
            typeof(Randomness.BatchDrawTests),
            typeof(Randomness.CdfSearchTests),
            typeof(Numerics.PowersTests),
            typeof(Numerics.ExponentialsTests));
}
