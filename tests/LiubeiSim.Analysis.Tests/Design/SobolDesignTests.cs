using LiubeiSim.Analysis.Design;

namespace LiubeiSim.Analysis.Tests.Design;

public sealed class SobolDesignTests
{
    [Fact]
    public void Scales_the_sequence_to_the_factor_ranges()
    {
        Factor[] factors = [new("a", 10, 20), new("b", -1, 1)];

        var points = new SobolDesign(factors, 4).Points();

        Assert.Equal([[15, 0], [17.5, -0.5], [12.5, 0.5], [13.75, -0.25]], points);
    }

    [Fact]
    public void Refuses_more_factors_than_dimensions()
    {
        var factors = Enumerable.Range(0, SobolSequence.MaxDimension + 1).Select(i => new Factor($"f{i}", 0, 1)).ToArray();

        Assert.Throws<ArgumentException>(() => new SobolDesign(factors, 8));
    }
}
