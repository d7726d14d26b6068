using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Running;

/// <summary>Checks that need the base-year data, after the scenario file itself is valid.</summary>
public static class RunPreflight
{
    /// <summary>
    /// Builds the run's parameters once before any engine starts (so inputs the model refuses fail here, with the
    /// model's message) and lists growth targets whose base-year value is not stated: the report lost some, and
    /// 2021 has fewer.
    /// </summary>
    public static IReadOnlyList<string> Check(Scenario scenario, IoTable? io)
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, io);
        return [.. BaseValues.GrowthTargetsWithoutBase(parameters).Select(t =>
            $"{scenario.Name}: targets[{t.Index}] ({t.Target.Indicator}, {t.Target.Scope}): a growth target needs a base-year {scenario.BaseYear} value, which is not stated; use `measure: level` with a threshold in {IndicatorUnit(t.Target.Indicator)}.")];
    }

    private static string IndicatorUnit(string indicator) => Model.Indicators.IndicatorCatalog.Get(indicator).Unit;
}
