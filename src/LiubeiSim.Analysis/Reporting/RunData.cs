using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Reporting;

/// <summary>One series of <c>indicators.csv</c>: an indicator for one scope, month by month, in file order.</summary>
internal sealed record SeriesData(
    string Indicator,
    string Scope,
    IReadOnlyList<YearMonth> Months,
    IReadOnlyList<double> P5,
    IReadOnlyList<double> P10,
    IReadOnlyList<double> P50,
    IReadOnlyList<double> P90,
    IReadOnlyList<double> P95,
    IReadOnlyList<double> Mean)
{
    public int Count => Months.Count;
}

/// <summary>One row of <c>targets.csv</c>.</summary>
internal sealed record TargetData(
    string Name,
    string Indicator,
    string Scope,
    string Direction,
    double Threshold,
    string Measure,
    double? Base,
    double P50,
    double Probability)
{
    public bool IsGrowth => Measure == "growth";

    /// <summary>The threshold in the indicator's unit, so it can be drawn: a growth target needs the base-year value.</summary>
    public double? Level => IsGrowth ? Base is { } b ? b * (1 + (Threshold / 100)) : null : Threshold;

    /// <summary>Same target in another run: the name alone may repeat across indicators.</summary>
    public (string, string, string) Key => (Name, Indicator, Scope);
}

/// <summary>An entry of <c>summary.json</c>'s <c>indicators</c>: what indicators.csv does not say (unit, base-year value).</summary>
internal sealed record IndicatorInfo(string Id, string Scope, string Unit, double? Base);

/// <summary>What <c>summary.json</c> says about the run. Fields later versions add are optional.</summary>
internal sealed record RunSummary(
    string Scenario,
    string? Description,
    int BaseYear,
    YearMonth Start,
    int Months,
    string Seed,
    int Replications,
    string? Engine,
    string? ToolVersion,
    IReadOnlyList<KeyValuePair<string, double>> LeversSet,
    IReadOnlyList<KeyValuePair<string, string>>? Assumptions,
    IReadOnlyList<IndicatorInfo> Indicators)
{
    public YearMonth End => Start.AddMonths(Months - 1);
}

/// <summary>A run directory read back from its files.</summary>
internal sealed record RunData(string Directory, RunSummary Summary, IReadOnlyList<SeriesData> Series, IReadOnlyList<TargetData> Targets)
{
    private readonly Dictionary<(string, string), SeriesData> _series = Series.ToDictionary(s => (s.Indicator, s.Scope));

    private readonly Dictionary<(string, string), IndicatorInfo> _info = Summary.Indicators
        .GroupBy(i => (i.Id, i.Scope))
        .ToDictionary(g => g.Key, g => g.First());

    /// <summary>The directory's own name, for labels: the full path would tie the report's bytes to where it was run.</summary>
    public string Label => Path.GetFileName(Path.TrimEndingDirectorySeparator(Directory));

    public SeriesData? FindSeries(string indicator, string scope) => _series.GetValueOrDefault((indicator, scope));

    public IndicatorInfo? FindInfo(string indicator, string scope) => _info.GetValueOrDefault((indicator, scope));
}
