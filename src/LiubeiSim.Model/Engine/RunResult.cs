using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Engine;

/// <summary>Everything a run reports: per-month distributions of every series, end-of-horizon targets, base values.</summary>
public sealed record RunResult(
    Scenario Scenario,
    string Engine,
    IoSummary Io,
    IReadOnlyList<double?> BaseValues,
    SeriesStatistics[] Monthly,
    IReadOnlyList<TargetResult> Targets,
    RunTimings Timings)
{
    public int Months => Scenario.Months;

    /// <summary>Statistics of a series at a month (0-based).</summary>
    public SeriesStatistics At(int month, int series) => Monthly[(month * SeriesLayout.Count) + series];

    /// <summary>Statistics of a series at the end of the horizon.</summary>
    public SeriesStatistics End(int series) => At(Months - 1, series);

    public SeriesStatistics End(string indicator, string scope = SeriesKey.DistrictScope)
    {
        var index = SeriesLayout.IndexOf(indicator, scope);
        return index < 0 ? throw new KeyNotFoundException($"No series {indicator} for scope {scope}.") : End(index);
    }
}
