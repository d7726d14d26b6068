using LiubeiSim.Analysis.Design;

namespace LiubeiSim.Analysis.Tests.Design;

public sealed class GridDesignTests
{
    [Fact]
    public void Full_factorial_with_the_first_factor_slowest()
    {
        var design = new GridDesign([new Factor("a", 0, 1, steps: 2), new Factor("b", 10, 30, steps: 3)]);

        var points = design.Points();

        Assert.Equal(6, design.Count);
        Assert.Equal(
            [[0, 10], [0, 20], [0, 30], [1, 10], [1, 20], [1, 30]],
            points);
    }

    [Fact]
    public void Uses_explicit_values_and_single_steps()
    {
        var design = new GridDesign(
        [
            new Factor("a", 0, 9, [9, 4]),
            new Factor("b", 2, 5, steps: 1),
            new Factor("c", -1, 1, steps: 2),
        ]);

        Assert.Equal(
            [[9, 2, -1], [9, 2, 1], [4, 2, -1], [4, 2, 1]],
            design.Points());
    }

    [Fact]
    public void Every_combination_appears_once()
    {
        Factor[] factors = [new("a", 0, 1, steps: 3), new("b", 0, 1, steps: 4), new("c", 0, 1, steps: 5)];

        var points = new GridDesign(factors).Points();

        Assert.Equal(60, points.Count);
        Assert.Equal(60, points.Select(p => (p[0], p[1], p[2])).Distinct().Count());
    }

    [Fact]
    public void Count_above_the_limit_is_refused_with_the_shape_and_the_limit()
    {
        Factor[] factors = [new("levers.a", 0, 1, steps: 400), new("levers.b", 0, 1, steps: 300)];

        var error = Assert.Throws<ArgumentException>(() => new GridDesign(factors));

        Assert.Contains("levers.a (400) × levers.b (300)", error.Message, StringComparison.Ordinal);
        Assert.Contains("120,000 points", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 100,000", error.Message, StringComparison.Ordinal);
        Assert.Equal(120_000, new GridDesign(factors, limit: 120_000).Count);
    }

    [Fact]
    public void A_product_beyond_any_integer_is_refused_not_overflowed()
    {
        var factors = Enumerable.Range(0, 12).Select(i => new Factor($"f{i}", 0, 1, steps: 1000)).ToArray();

        Assert.Throws<ArgumentException>(() => new GridDesign(factors, int.MaxValue));
    }
}
