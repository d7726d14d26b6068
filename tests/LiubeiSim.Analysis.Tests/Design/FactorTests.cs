using LiubeiSim.Analysis.Design;

namespace LiubeiSim.Analysis.Tests.Design;

public sealed class FactorTests
{
    [Fact]
    public void Grid_values_are_evenly_spaced_and_end_exactly_at_max()
    {
        var factor = new Factor("levers.sgmw_demand_growth", -0.1, 0.2, steps: 4);

        var grid = factor.GridValues();

        Assert.Equal(4, grid.Count);
        Assert.Equal(-0.1, grid[0]);
        Assert.Equal(0.0, grid[1], 1e-15);
        Assert.Equal(0.1, grid[2], 1e-15);
        Assert.Equal(0.2, grid[3]);
    }

    [Fact]
    public void One_step_is_min() => Assert.Equal([3.0], new Factor("x", 3, 5, steps: 1).GridValues());

    [Fact]
    public void Explicit_values_are_the_grid_and_set_the_steps()
    {
        var factor = new Factor("x", 0, 10, values: [1, 5, 10], steps: 99);

        Assert.Equal([1.0, 5.0, 10.0], factor.GridValues());
        Assert.Equal(3, factor.Steps);
    }

    [Fact]
    public void Explicit_values_are_copied()
    {
        double[] values = [1, 2];
        var factor = new Factor("x", 0, 10, values);

        values[0] = 7;

        Assert.Equal(1.0, factor.GridValues()[0]);
    }

    [Fact]
    public void Equal_when_values_are_equal_in_order() =>
        Assert.Equal(new Factor("x", 0, 1, [0.5, 1]), new Factor("x", 0, 1, [0.5, 1]));

    [Theory]
    [InlineData("", 0, 1, 2)]
    [InlineData("x", 1, 0, 2)]
    [InlineData("x", double.NaN, 1, 2)]
    [InlineData("x", 0, double.PositiveInfinity, 2)]
    [InlineData("x", 0, 1, 0)]
    public void Rejects_bad_definitions(string name, double min, double max, int steps) =>
        Assert.Throws<ArgumentException>(() => new Factor(name, min, max, steps: steps));

    [Fact]
    public void Rejects_values_outside_the_range_or_none()
    {
        var outside = Assert.Throws<ArgumentException>(() => new Factor("levers.x", 0, 1, [0.5, 2]));
        Assert.Contains("levers.x", outside.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Factor("x", 0, 1, []));
        Assert.Throws<ArgumentException>(() => new Factor("x", 0, 1, [double.NaN]));
    }

    [Fact]
    public void Designs_reject_duplicate_names_and_empty_lists()
    {
        Assert.Throws<ArgumentException>(() => new GridDesign([new Factor("x", 0, 1), new Factor("x", 0, 2)]));
        Assert.Throws<ArgumentException>(() => new LatinHypercubeDesign([], 10, 1));
    }
}
