using LiubeiSim.Analysis.Design;
using LiubeiSim.Analysis.Sensitivity;

namespace LiubeiSim.Analysis.Tests.Sensitivity;

public sealed class SaltelliDesignTests
{
    private static readonly Factor[] ThreeFactors = [new("a", 0, 1), new("b", 10, 20), new("c", -1, 1)];

    [Fact]
    public void Has_N_times_k_plus_2_points()
    {
        var design = new SaltelliDesign(ThreeFactors, 16);

        Assert.Equal(16 * 5, design.Count);
        Assert.Equal(design.Count, design.Points().Count);
    }

    [Fact]
    public void Blocks_are_A_then_B_then_each_AB_i()
    {
        const int n = 8;
        var design = new SaltelliDesign(ThreeFactors, n);
        var points = design.Points();
        var sobol = SobolSequence.Points(6, n);

        for (var j = 0; j < n; j++)
        {
            var a = points[j];
            var b = points[n + j];
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(ThreeFactors[i].Min + (ThreeFactors[i].Max - ThreeFactors[i].Min) * sobol[j][i], a[i], 1e-12);
                Assert.Equal(ThreeFactors[i].Min + (ThreeFactors[i].Max - ThreeFactors[i].Min) * sobol[j][3 + i], b[i], 1e-12);
            }

            for (var i = 0; i < 3; i++)
            {
                var ab = points[(2 + i) * n + j];
                for (var column = 0; column < 3; column++)
                {
                    Assert.Equal(column == i ? b[column] : a[column], ab[column]);
                }
            }
        }
    }

    [Fact]
    public void Refuses_too_many_factors_or_too_few_samples()
    {
        var many = Enumerable.Range(0, SaltelliDesign.MaxFactors + 1).Select(i => new Factor($"f{i}", 0, 1)).ToArray();

        Assert.Throws<ArgumentException>(() => new SaltelliDesign(many, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SaltelliDesign(ThreeFactors, 1));
        Assert.Equal(8 * (SaltelliDesign.MaxFactors + 2), new SaltelliDesign(many[..^1], 8).Count);
    }
}
