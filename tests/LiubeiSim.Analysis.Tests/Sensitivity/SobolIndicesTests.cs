using LiubeiSim.Analysis.Design;
using LiubeiSim.Analysis.Sensitivity;

namespace LiubeiSim.Analysis.Tests.Sensitivity;

public sealed class SobolIndicesTests(ITestOutputHelper output)
{
    private static readonly Factor[] IshigamiFactors =
        [new("x1", -Math.PI, Math.PI), new("x2", -Math.PI, Math.PI), new("x3", -Math.PI, Math.PI)];

    private static double Ishigami(double[] x) =>
        Math.Sin(x[0]) + 7 * Math.Pow(Math.Sin(x[1]), 2) + 0.1 * Math.Pow(x[2], 4) * Math.Sin(x[0]);

    private static IReadOnlyList<SobolIndex> Run(SaltelliDesign design, Func<double[], double> model, ulong seed = 2024) =>
        SobolIndices.Compute(design, [.. design.Points().Select(model)], seed);

    [Fact]
    public void Ishigami_indices_match_the_analytic_values()
    {
        // Analytic values for a = 7, b = 0.1 with X_i ~ U(−π, π).
        double[] first = [0.3139, 0.4424, 0.0];
        double[] total = [0.5576, 0.4424, 0.2437];

        var indices = Run(new SaltelliDesign(IshigamiFactors, 4096), Ishigami);

        for (var i = 0; i < 3; i++)
        {
            var index = indices[i];
            output.WriteLine(
                $"{index.Factor}: S = {index.First:F4} [{index.FirstCiLow:F4}, {index.FirstCiHigh:F4}] (analytic {first[i]:F4}); " +
                $"ST = {index.Total:F4} [{index.TotalCiLow:F4}, {index.TotalCiHigh:F4}] (analytic {total[i]:F4})");
            Assert.Equal(first[i], index.First, 0.03);
            Assert.Equal(total[i], index.Total, 0.03);
            Assert.InRange(first[i], index.FirstCiLow - 0.005, index.FirstCiHigh + 0.005);
            Assert.InRange(total[i], index.TotalCiLow - 0.005, index.TotalCiHigh + 0.005);
            Assert.True(index.FirstCiLow <= index.FirstCiHigh && index.TotalCiLow <= index.TotalCiHigh);
        }
    }

    [Fact]
    public void Linear_model_indices_are_each_terms_share_of_the_variance()
    {
        // y = Σ c_i x_i with independent uniforms: Var c_i x_i = c_i²(max − min)²/12, no interactions, so S_i = S_Ti.
        Factor[] factors = [new("a", 0, 1), new("b", -2, 2), new("c", 5, 6), new("unused", 0, 100)];
        double[] c = [3, 1, -2, 0];
        var parts = factors.Select((f, i) => c[i] * c[i] * (f.Max - f.Min) * (f.Max - f.Min) / 12).ToArray();

        var indices = Run(new SaltelliDesign(factors, 4096), x => x.Select((v, i) => c[i] * v).Sum());

        for (var i = 0; i < factors.Length; i++)
        {
            var expected = parts[i] / parts.Sum();
            output.WriteLine($"{indices[i].Factor}: S = {indices[i].First:F4}, ST = {indices[i].Total:F4}, expected {expected:F4}");
            Assert.Equal(expected, indices[i].First, 0.02);
            Assert.Equal(expected, indices[i].Total, 0.02);
        }

        // A factor the output ignores has AB_i = A row for row, so its total index is exactly 0.
        Assert.Equal(0.0, indices[3].Total);
        Assert.Equal(0.0, indices[3].TotalCiHigh);
    }

    [Fact]
    public void Constant_output_gives_zero_indices_not_NaN()
    {
        var design = new SaltelliDesign(IshigamiFactors, 64);

        var indices = SobolIndices.Compute(design, Enumerable.Repeat(3.3, design.Count).ToArray(), 1);

        Assert.All(indices, index => Assert.Equal(new SobolIndex(index.Factor, 0, 0, 0, 0, 0, 0), index));
    }

    [Fact]
    public void Same_seed_same_intervals_and_the_seed_moves_only_the_intervals()
    {
        var design = new SaltelliDesign(IshigamiFactors, 256);
        var outputs = design.Points().Select(Ishigami).ToArray();

        var first = SobolIndices.Compute(design, outputs, 5);
        var again = SobolIndices.Compute(design, outputs, 5);
        var other = SobolIndices.Compute(design, outputs, 6);

        Assert.Equal(first, again);
        Assert.Equal(first.Select(i => (i.First, i.Total)), other.Select(i => (i.First, i.Total)));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Wider_confidence_gives_wider_intervals()
    {
        var design = new SaltelliDesign(IshigamiFactors, 256);
        var outputs = design.Points().Select(Ishigami).ToArray();

        var narrow = SobolIndices.Compute(design, outputs, 5, confidenceLevel: 0.5);
        var wide = SobolIndices.Compute(design, outputs, 5, confidenceLevel: 0.99);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(wide[i].FirstCiLow <= narrow[i].FirstCiLow && wide[i].FirstCiHigh >= narrow[i].FirstCiHigh);
            Assert.True(wide[i].TotalCiLow <= narrow[i].TotalCiLow && wide[i].TotalCiHigh >= narrow[i].TotalCiHigh);
        }
    }

    [Fact]
    public void Rejects_outputs_that_do_not_fit_the_design()
    {
        var design = new SaltelliDesign(IshigamiFactors, 8);
        var outputs = new double[design.Count];

        Assert.Throws<ArgumentException>(() => SobolIndices.Compute(design, outputs[..^1], 1));
        outputs[7] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => SobolIndices.Compute(design, outputs, 1));
        Assert.Contains("Output 7", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SobolIndices.Compute(design, new double[design.Count], 1, confidenceLevel: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SobolIndices.Compute(design, new double[design.Count], 1, resamples: 0));
    }
}
