using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Tests.Randomness;

/// <summary>
/// The vector search answers as the loop it replaced, <c>first k with u ≤ cdf[k]</c>, on tables of every length around
/// the vector widths, for uniforms on, beside, between and beyond the entries (and NaN, ±0, 1). This runs the machine's
/// widest path; `DOTNET_EnableAVX512F=0` and `DOTNET_EnableHWIntrinsic=0` run the narrower ones.
/// </summary>
public sealed class CdfSearchTests
{
    [Fact]
    public void The_vector_search_finds_the_loop_s_first_match_for_every_length_and_uniform()
    {
        for (var length = 1; length <= 17; length++)
        {
            // Non-decreasing like a CDF, with a tie, starting above 0 and ending short of 1 (the loop's table ends where it stops).
            var cdf = Enumerable.Range(0, length).Select(k => Math.Min(0.95, (k + 1) / (double)(length + 1))).ToArray();
            if (length > 3)
            {
                cdf[2] = cdf[1];
            }

            var padded = CdfSearch.Padded(cdf);
            Assert.Equal(0, padded.Length % CdfSearch.Width);
            Assert.All(padded[length..], v => Assert.True(double.IsNaN(v)));

            var uniforms = cdf.SelectMany(c => new[] { c, Math.BitDecrement(c), Math.BitIncrement(c) })
                .Concat([0.0, -0.0, 1.0, 0.999, double.Epsilon, double.NaN, double.PositiveInfinity]);
            foreach (var u in uniforms)
            {
                var found = CdfSearch.FirstAtLeast(padded, u);
                var expected = Loop(cdf, u);
                Assert.True(expected == found || (expected == cdf.Length && found >= cdf.Length), $"length {length}, u {u:R}: loop {expected}, search {found}");
            }
        }
    }

    private static int Loop(double[] cdf, double uniform)
    {
        for (var k = 0; k < cdf.Length; k++)
        {
            if (uniform <= cdf[k])
            {
                return k;
            }
        }

        return cdf.Length;
    }
}
