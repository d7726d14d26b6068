using System.Text.Json.Serialization;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Fans;

/// <summary>
/// Monthly fan-chart data of one series: the quantiles of a run (<see cref="ForRun"/>) or of a comparison's paired
/// differences (<see cref="ForComparison"/>), every month of the horizon, with what a chart draws beside them.
/// </summary>
public static class FanChart
{
    public static FanChartView ForRun(RunResult result, SeriesKey series)
    {
        var baseValue = result.BaseValues[series.Index];
        var months = new List<FanMonth>(result.Months);
        for (var month = 0; month < result.Months; month++)
        {
            var s = result.At(month, series.Index);
            months.Add(new FanMonth(result.Scenario.Start.AddMonths(month).ToString(), s.P5, s.P10, s.P50, s.P90, s.P95, s.Mean));
        }

        var targets = result.Targets
            .Where(t => t.Target.Indicator == series.Indicator.Id && SeriesLayout.IndexOf(t.Target.Indicator, t.Target.Scope) == series.Index)
            .Select(t => new FanTargetLine(
                t.Target.Name,
                RunReport.Direction(t.Target.Direction),
                t.Target.Threshold,
                RunReport.Measure(t.Target.Measure),
                Level(t.Target, baseValue),
                t.Probability))
            .ToList();
        return new FanChartView(series.Indicator.Id, series.Scope, series.Indicator.Unit, Kind(series), series.Indicator.Description, baseValue, targets, months);
    }

    public static DifferenceFanView ForComparison(ComparisonResult result, SeriesKey series)
    {
        var months = new List<DifferenceFanMonth>(result.Months);
        for (var month = 0; month < result.Months; month++)
        {
            var d = result.At(month, series.Index);
            months.Add(new DifferenceFanMonth(
                result.A.Scenario.Start.AddMonths(month).ToString(),
                result.A.At(month, series.Index).P50,
                result.B.At(month, series.Index).P50,
                d.P5,
                d.P10,
                d.P50,
                d.P90,
                d.P95,
                d.Mean,
                d.ProbabilityBGreater));
        }

        return new DifferenceFanView(
            series.Indicator.Id,
            series.Scope,
            series.Indicator.Unit,
            Kind(series),
            series.Indicator.Description,
            result.A.BaseValues[series.Index],
            result.Paired,
            result.A.Scenario.Name,
            result.B.Scenario.Name,
            months);
    }

    /// <summary>The threshold as a level in the indicator's unit: a growth target's line sits at base × (1 + growth %); unknown without a base.</summary>
    private static double? Level(Target target, double? baseValue) => target.Measure == TargetMeasure.Level
        ? target.Threshold
        : baseValue is { } b ? b * (1 + (target.Threshold / 100.0)) : null;

    private static string Kind(SeriesKey series) => series.Indicator.Kind.ToString().ToLowerInvariant();
}

/// <summary>The fan chart of one series of a run.</summary>
/// <param name="Indicator">Indicator id.</param>
/// <param name="Scope"><c>district</c>, a chain id or a town id.</param>
/// <param name="Unit">The indicator's unit.</param>
/// <param name="Kind">
/// <c>flow</c>: each month's value is the total over the 12 months ending then (over the months so far early in the
/// horizon); <c>stock</c>: the level at the month's end; <c>rate</c>: the average over those months.
/// </param>
/// <param name="Description">What the indicator measures.</param>
/// <param name="Base">The base-year value, where the report states or implies one; null otherwise.</param>
/// <param name="Targets">The scenario's targets on this series, as lines a chart can draw; empty when it has none.</param>
/// <param name="Months">Every month of the horizon in order, with the distribution across replications.</param>
public sealed record FanChartView(string Indicator, string Scope, string Unit, string Kind, string Description, double? Base, IReadOnlyList<FanTargetLine> Targets, IReadOnlyList<FanMonth> Months);

/// <summary>One month of a fan chart: quantiles and mean across replications.</summary>
/// <param name="Month">YYYY-MM.</param>
public sealed record FanMonth(string Month, double P5, double P10, double P50, double P90, double P95, double Mean);

/// <summary>A target drawn on a fan chart.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="Direction"><c>at-least</c> or <c>at-most</c>.</param>
/// <param name="Threshold">As written in the scenario: a level in the unit, or a growth in percent over the base year.</param>
/// <param name="Measure"><c>level</c> or <c>growth</c>.</param>
/// <param name="Level">Where the line is drawn, in the indicator's unit; null for a growth target without a base value.</param>
/// <param name="Probability">Share of replications meeting it at the end of the horizon.</param>
public sealed record FanTargetLine(string Name, string Direction, double Threshold, string Measure, double? Level, double Probability);

/// <summary>The fan chart of the paired difference B − A of one series of a comparison.</summary>
/// <param name="Indicator">Indicator id.</param>
/// <param name="Scope"><c>district</c>, a chain id or a town id.</param>
/// <param name="Unit">The indicator's unit (of the difference too).</param>
/// <param name="Kind"><c>flow</c>, <c>stock</c> or <c>rate</c>, as for a run's fan chart.</param>
/// <param name="Description">What the indicator measures.</param>
/// <param name="Base">A's base-year value, where known.</param>
/// <param name="Paired">True when B ran with A's seed (common random numbers).</param>
/// <param name="A">A's scenario name.</param>
/// <param name="B">B's scenario name.</param>
/// <param name="Months">Every month of the horizon in order.</param>
public sealed record DifferenceFanView(string Indicator, string Scope, string Unit, string Kind, string Description, double? Base, bool Paired, string A, string B, IReadOnlyList<DifferenceFanMonth> Months);

/// <summary>One month of a difference fan chart, named as in <c>compare-monthly.csv</c>.</summary>
public sealed record DifferenceFanMonth(
    [property: JsonPropertyName("month")] string Month,
    [property: JsonPropertyName("a_p50")] double AP50,
    [property: JsonPropertyName("b_p50")] double BP50,
    [property: JsonPropertyName("diff_p5")] double DiffP5,
    [property: JsonPropertyName("diff_p10")] double DiffP10,
    [property: JsonPropertyName("diff_p50")] double DiffP50,
    [property: JsonPropertyName("diff_p90")] double DiffP90,
    [property: JsonPropertyName("diff_p95")] double DiffP95,
    [property: JsonPropertyName("diff_mean")] double DiffMean,
    [property: JsonPropertyName("prob_b_greater")] double ProbabilityBGreater);
