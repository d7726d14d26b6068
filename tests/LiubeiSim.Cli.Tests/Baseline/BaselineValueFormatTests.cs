using LiubeiSim.Cli.Baseline;
using LiubeiSim.Model.District;

namespace LiubeiSim.Cli.Tests.Baseline;

public sealed class BaselineValueFormatTests
{
    [Theory]
    [InlineData(98.9, "亿元", "98.9 亿元")]
    [InlineData(10700, "people", "10,700 people")]
    [InlineData(93.6, "%", "93.6%")]
    [InlineData(36.605316973415135, "%", "36.6053%")]
    [InlineData(0.2, "share", "0.2 share")]
    public void Numbers_are_invariant_with_their_unit(double value, string unit, string expected)
    {
        var figure = new Figure("X", "liubei", "x", value, null, unit, FigureKind.Reported, "s");
        Assert.Equal(expected, FigureValueText.Format(figure));
    }

    [Fact]
    public void Texts_and_lost_numbers_read_as_such()
    {
        Assert.Equal("monthly", FigureValueText.Format(new Figure("X", "liubei", "x", null, "monthly", "cadence", FigureKind.Reported, "s")));
        Assert.StartsWith("not stated", FigureValueText.Format(new Figure("X", "liubei", "x", null, null, "亩", FigureKind.NotStated, "s")), StringComparison.Ordinal);
    }
}
