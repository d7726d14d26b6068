using System.Globalization;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Tables;

/// <summary>
/// The three tidy tables of a sweep (or a compare) of several points, a point being one run of a scenario at some
/// factor values. Every table starts with <c>point</c>, so the tables join on it:
/// <list type="bullet">
/// <item><c>points</c>: point, one DOUBLE per factor (named as the factor, e.g. <c>levers.sgmw_demand_growth</c>),
/// replications, seed.</item>
/// <item><c>indicators</c>: point, month, indicator, scope, unit, p5, p10, p50, p90, p95, mean; a row per month and
/// series, months first, series in <see cref="SeriesLayout"/> order (as <c>indicators.csv</c> of a run).</item>
/// <item><c>targets</c>: point, name, indicator, scope, direction, threshold, measure, p50 (the target's series at the
/// end of the horizon), probability; in the scenario's order.</item>
/// </list>
/// </summary>
public static class TidyTables
{
    public const string Points = "points";
    public const string Indicators = "indicators";
    public const string Targets = "targets";

    public const string PointColumn = "point";

    /// <summary>The tables in the order a point's parts are written and the tables assembled.</summary>
    public static IReadOnlyList<string> Names { get; } = [Points, Indicators, Targets];

    public static TidyTableSchema IndicatorsSchema { get; } = new(Indicators,
    [
        new(PointColumn, TidyColumnType.Int32),
        new("month", TidyColumnType.Date),
        new("indicator", TidyColumnType.String, Dictionary: true),
        new("scope", TidyColumnType.String, Dictionary: true),
        new("unit", TidyColumnType.String, Dictionary: true),
        new("p5", TidyColumnType.Double),
        new("p10", TidyColumnType.Double),
        new("p50", TidyColumnType.Double),
        new("p90", TidyColumnType.Double),
        new("p95", TidyColumnType.Double),
        new("mean", TidyColumnType.Double),
    ]);

    public static TidyTableSchema TargetsSchema { get; } = new(Targets,
    [
        new(PointColumn, TidyColumnType.Int32),
        new("name", TidyColumnType.String, Dictionary: true),
        new("indicator", TidyColumnType.String, Dictionary: true),
        new("scope", TidyColumnType.String, Dictionary: true),
        new("direction", TidyColumnType.String, Dictionary: true),
        new("threshold", TidyColumnType.Double),
        new("measure", TidyColumnType.String, Dictionary: true),
        new("p50", TidyColumnType.Double),
        new("probability", TidyColumnType.Double),
    ]);

    /// <summary>
    /// The points table for these factors. The seed is a decimal string: it is a <c>ulong</c>, which no signed
    /// 64-bit column holds in full, and a string reads the same in every tool (an unsigned Parquet integer does not).
    /// </summary>
    public static TidyTableSchema PointsSchema(IReadOnlyList<string> factors)
    {
        var columns = new List<TidyColumn> { new(PointColumn, TidyColumnType.Int32) };
        columns.AddRange(factors.Select(f => new TidyColumn(f, TidyColumnType.Double)));
        columns.Add(new("replications", TidyColumnType.Int32));
        columns.Add(new("seed", TidyColumnType.String));
        return new TidyTableSchema(Points, columns);
    }

    /// <summary>The schema of a table by name.</summary>
    public static TidyTableSchema Schema(string table, IReadOnlyList<string> factors) => table switch
    {
        Points => PointsSchema(factors),
        Indicators => IndicatorsSchema,
        Targets => TargetsSchema,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, $"Tables: {string.Join(", ", Names)}."),
    };

    /// <summary>A point's rows of a table by name.</summary>
    public static TidyBatch Rows(string table, int point, IReadOnlyList<string> factors, IReadOnlyDictionary<string, double> factorValues, RunResult result) => table switch
    {
        Points => PointRows(point, factors, factorValues, result),
        Indicators => IndicatorRows(point, result),
        Targets => TargetRows(point, result),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, $"Tables: {string.Join(", ", Names)}."),
    };

    /// <summary>The point's row: its factor values (exactly <paramref name="factors"/>), replications and seed.</summary>
    public static TidyBatch PointRows(int point, IReadOnlyList<string> factors, IReadOnlyDictionary<string, double> factorValues, RunResult result)
    {
        var unknown = factorValues.Keys.Where(k => !factors.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Point {point} sets {string.Join(", ", unknown)}, which is no factor ({string.Join(", ", factors)}).", nameof(factorValues));
        }

        var rows = new TidyBatch(PointsSchema(factors), 1);
        rows.Int32s(0)[0] = point;
        for (var f = 0; f < factors.Count; f++)
        {
            rows.Doubles(1 + f)[0] = factorValues.TryGetValue(factors[f], out var value)
                ? value
                : throw new ArgumentException($"Point {point} has no value for factor {factors[f]}.", nameof(factorValues));
        }

        rows.Int32s(1 + factors.Count)[0] = result.Scenario.Replications;
        rows.Strings(2 + factors.Count)[0] = Seed(result.Scenario.Seed);
        return rows;
    }

    public static TidyBatch IndicatorRows(int point, RunResult result)
    {
        var series = SeriesLayout.All;
        var rows = new TidyBatch(IndicatorsSchema, result.Months * series.Count);
        var (points, months, indicators, scopes, units) = (rows.Int32s(0), rows.Dates(1), rows.Strings(2), rows.Strings(3), rows.Strings(4));
        var (p5, p10, p50, p90, p95, mean) = (rows.Doubles(5), rows.Doubles(6), rows.Doubles(7), rows.Doubles(8), rows.Doubles(9), rows.Doubles(10));
        var row = 0;
        for (var month = 0; month < result.Months; month++)
        {
            var date = MonthDate(result.Scenario.Start.AddMonths(month));
            foreach (var key in series)
            {
                var s = result.At(month, key.Index);
                points[row] = point;
                months[row] = date;
                indicators[row] = key.Indicator.Id;
                scopes[row] = key.Scope;
                units[row] = key.Indicator.Unit;
                (p5[row], p10[row], p50[row], p90[row], p95[row], mean[row]) = (s.P5, s.P10, s.P50, s.P90, s.P95, s.Mean);
                row++;
            }
        }

        return rows;
    }

    public static TidyBatch TargetRows(int point, RunResult result)
    {
        var rows = new TidyBatch(TargetsSchema, result.Targets.Count);
        for (var row = 0; row < result.Targets.Count; row++)
        {
            var target = result.Targets[row].Target;
            var series = SeriesLayout.IndexOf(target.Indicator, target.Scope);
            rows.Int32s(0)[row] = point;
            rows.Strings(1)[row] = target.Name;
            rows.Strings(2)[row] = target.Indicator;
            rows.Strings(3)[row] = target.Scope;
            rows.Strings(4)[row] = RunReport.Direction(target.Direction);
            rows.Doubles(5)[row] = target.Threshold;
            rows.Strings(6)[row] = RunReport.Measure(target.Measure);
            rows.Doubles(7)[row] = result.End(series).P50;
            rows.Doubles(8)[row] = result.Targets[row].Probability;
        }

        return rows;
    }

    /// <summary>The month as the DATE column holds it: its first day.</summary>
    public static DateOnly MonthDate(YearMonth month) => new(month.Year, month.Month, 1);

    /// <summary>The month as CSV writes it, <c>YYYY-MM</c>, the form of scenario files.</summary>
    public static string MonthText(DateOnly date) => new YearMonth(date.Year, date.Month).ToString();

    public static string Seed(ulong seed) => seed.ToString(CultureInfo.InvariantCulture);
}
