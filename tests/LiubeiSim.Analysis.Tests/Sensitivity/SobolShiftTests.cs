using LiubeiSim.Analysis.Design;
using LiubeiSim.Analysis.Sensitivity;

namespace LiubeiSim.Analysis.Tests.Sensitivity;

/// <summary>Indices describe how an output varies, so adding a constant to it must not change them.</summary>
public sealed class SobolShiftTests
{
    [Fact]
    public void Indices_of_an_output_with_a_large_mean_are_those_of_the_output_without_it()
    {
        // A model output like the district's: a mean near 1,000 and a spread of tens, from small N as a sweep affords.
        Factor[] factors = [new("a", -10, 30), new("b", 0, 12), new("inert", 40, 80)];
        var design = new SaltelliDesign(factors, 8);
        var centred = design.Points().Select(x => 1.8 * x[0] - 2.5 * x[1] + 0.05 * x[0] * x[1]).ToArray();
        var shifted = centred.Select(y => y + 1000).ToArray();

        var plain = SobolIndices.Compute(design, centred, 7);
        var moved = SobolIndices.Compute(design, shifted, 7);

        for (var i = 0; i < factors.Length; i++)
        {
            Assert.Equal(plain[i].First, moved[i].First, 1e-9);
            Assert.Equal(plain[i].FirstCiLow, moved[i].FirstCiLow, 1e-9);
            Assert.Equal(plain[i].FirstCiHigh, moved[i].FirstCiHigh, 1e-9);
            Assert.Equal(plain[i].Total, moved[i].Total, 1e-9);
            Assert.InRange(moved[i].First, -0.5, 1.5);
        }

        Assert.Equal(0.0, moved[2].First, 1e-9);
    }
}
