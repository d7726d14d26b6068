using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Aggregation.Tests;

/// <summary>
/// The long columns' quantiles again in child processes told to use 256-bit and no vectors (<see cref="NarrowVectors"/>):
/// the bracketing's AVX2 pass, and whole selection, on a machine with AVX-512 too.
/// </summary>
public sealed class NarrowVectorTests
{
    [Theory]
    [InlineData(256)]
    [InlineData(0)]
    public Task Long_columns_keep_their_quantiles_on_narrower_vectors(int bits) =>
        NarrowVectors.RunAsync(typeof(NarrowVectorTests).Assembly, bits, typeof(LargeInputTests));
}
