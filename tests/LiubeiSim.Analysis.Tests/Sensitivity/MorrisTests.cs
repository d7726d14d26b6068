using CsCheck;
using LiubeiSim.Analysis.Design;
using LiubeiSim.Analysis.Sensitivity;

namespace LiubeiSim.Analysis.Tests.Sensitivity;

public sealed class MorrisTests
{
    private static readonly Factor[] FourFactors = [new("a", 0, 1), new("b", -2, 2), new("c", 10, 20), new("d", 0, 100)];

    private static IReadOnlyList<MorrisEffect> Run(MorrisDesign design, Func<double[], double> model) =>
        MorrisEffects.Compute(design, [.. design.Points().Select(model)]);

    [Fact]
    public void Each_trajectory_moves_every_factor_once_by_delta_on_the_level_grid() =>
        Gen.Select(Gen.Int[2, 20], Gen.Int[1, 4], Gen.ULong).Sample((r, half, seed) =>
        {
            var levels = 2 * half;
            var design = new MorrisDesign(FourFactors, r, seed, levels);
            var points = design.Points();
            var k = FourFactors.Length;

            Assert.Equal(r * (k + 1), design.Count);
            Assert.Equal(levels / (2.0 * (levels - 1)), design.Delta);
            for (var t = 0; t < r; t++)
            {
                var movedFactors = new List<int>();
                for (var s = 0; s < k; s++)
                {
                    var before = points[t * (k + 1) + s];
                    var after = points[t * (k + 1) + s + 1];
                    var changed = Enumerable.Range(0, k).Where(i => before[i] != after[i]).ToArray();
                    var i = Assert.Single(changed);
                    var range = FourFactors[i].Max - FourFactors[i].Min;
                    Assert.Equal(design.Delta * range, Math.Abs(after[i] - before[i]), 1e-9 * range);
                    movedFactors.Add(i);
                }

                Assert.Equal(Enumerable.Range(0, k), movedFactors.Order());
            }

            foreach (var point in points)
            {
                for (var i = 0; i < k; i++)
                {
                    var level = (point[i] - FourFactors[i].Min) / (FourFactors[i].Max - FourFactors[i].Min) * (levels - 1);
                    Assert.Equal(Math.Round(level), level, 1e-9);
                    Assert.InRange(point[i], FourFactors[i].Min, FourFactors[i].Max);
                }
            }
        });

    [Fact]
    public void Same_seed_same_design_and_another_seed_another()
    {
        var points = new MorrisDesign(FourFactors, 10, 3).Points();

        Assert.Equal(points, new MorrisDesign(FourFactors, 10, 3).Points());
        Assert.NotEqual(points, new MorrisDesign(FourFactors, 10, 4).Points());
    }

    [Fact]
    public void Linear_model_has_effects_equal_to_coefficient_times_range_and_no_spread()
    {
        double[] c = [3, -1.5, 0.2, 0];

        var effects = Run(new MorrisDesign(FourFactors, 20, 11), x => x.Select((v, i) => c[i] * v).Sum());

        for (var i = 0; i < c.Length; i++)
        {
            var range = FourFactors[i].Max - FourFactors[i].Min;
            Assert.Equal(c[i] * range, effects[i].Mu, 1e-9);
            Assert.Equal(Math.Abs(c[i]) * range, effects[i].MuStar, 1e-9);
            Assert.Equal(0, effects[i].Sigma, 1e-9);
        }
    }

    [Fact]
    public void Interacting_factors_spread_and_a_factor_without_effect_has_none()
    {
        // y = a + b·c: the effect of b depends on c and of c on b; a is linear; d does nothing.
        var effects = Run(new MorrisDesign(FourFactors, 20, 11), x => x[0] + x[1] * x[2]);

        Assert.Equal(["a", "b", "c", "d"], effects.Select(e => e.Factor));
        Assert.Equal(0, effects[0].Sigma, 1e-9);
        Assert.True(effects[1].Sigma > 1, $"σ of b is {effects[1].Sigma}");
        Assert.True(effects[2].Sigma > 1, $"σ of c is {effects[2].Sigma}");
        Assert.Equal(new MorrisEffect("d", 0, 0, 0), effects[3]);
    }

    [Fact]
    public void Two_levels_step_across_the_whole_range()
    {
        var design = new MorrisDesign([new Factor("x", 5, 9)], 3, 1, levels: 2);

        Assert.Equal(1.0, design.Delta);
        Assert.All(design.Points(), p => Assert.Contains(p[0], new[] { 5.0, 9.0 }));
        Assert.Equal(new MorrisEffect("x", 8, 8, 0), Run(design, x => 2 * x[0])[0]);
    }

    [Fact]
    public void Rejects_bad_settings_and_outputs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MorrisDesign(FourFactors, 10, 1, levels: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MorrisDesign(FourFactors, 1, 1));
        var design = new MorrisDesign(FourFactors, 4, 1);
        Assert.Throws<ArgumentException>(() => MorrisEffects.Compute(design, new double[design.Count + 1]));
        var outputs = new double[design.Count];
        outputs[3] = double.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => MorrisEffects.Compute(design, outputs));
    }
}
