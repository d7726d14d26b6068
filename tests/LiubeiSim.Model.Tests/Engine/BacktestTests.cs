using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>Started from 2021 levels, one simulated year reproduces the report's 2022 figures in the median within ±3%.</summary>
public sealed class BacktestTests
{
    private static readonly Lazy<RunResult> Backtest = new(() => EngineScenarios.Run(EngineScenarios.Load("backtest-2022", replications: 2000)));

    [Theory]
    [InlineData(IndicatorCatalog.RndSpending, 6.68)]
    [InlineData(IndicatorCatalog.ProjectsIntroduced, 56)]
    [InlineData(IndicatorCatalog.IndustrialProjectsIntroduced, 47)]
    [InlineData(IndicatorCatalog.OutsideCapitalInPlace, 98.9)]
    [InlineData(IndicatorCatalog.GuihuidaiLoans, 52.25)]
    [InlineData(IndicatorCatalog.PovertyIncomeGrowth, 12.53)]
    public void Median_of_2022_is_within_3_percent_of_the_report(string indicator, double reported)
    {
        var median = Backtest.Value.End(indicator).P50;
        Assert.InRange(median, reported * 0.97, reported * 1.03);
    }

    [Fact]
    public void Reported_value_lies_inside_the_simulated_P10_P90_band_for_counts_and_capital()
    {
        var result = Backtest.Value;
        foreach (var (indicator, reported) in new[] { (IndicatorCatalog.ProjectsIntroduced, 56.0), (IndicatorCatalog.OutsideCapitalInPlace, 98.9) })
        {
            var end = result.End(indicator);
            Assert.True(end.P10 <= reported && reported <= end.P90, $"{indicator}: {reported} outside [{end.P10}, {end.P90}]");
        }
    }

    [Fact]
    public void Backtest_starts_from_2021_levels_derived_from_the_report()
    {
        var result = Backtest.Value;
        Assert.Equal(2021, result.Scenario.BaseYear);
        Assert.Equal(4.89, result.BaseValues[SeriesLayout.Rnd]);
    }
}
