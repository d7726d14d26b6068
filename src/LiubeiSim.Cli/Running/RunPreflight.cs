using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
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
        var data = BaseYearDataset.Default;
        var parameters = ModelParameters.Build(data, scenario, io);
        var values = BaseValues.For(data, parameters);
        var problems = new List<string>();
        for (var i = 0; i < scenario.Targets.Count; i++)
        {
            var target = scenario.Targets[i];
            if (target.Measure == TargetMeasure.Growth && !BaseValues.IsKnown(values, target.Indicator, target.Scope))
            {
                problems.Add($"{scenario.Name}: targets[{i}] ({target.Indicator}, {target.Scope}): a growth target needs a base-year {scenario.BaseYear} value, which is not stated; use `measure: level` with a threshold in {IndicatorUnit(target.Indicator)}.");
            }
        }

        return problems;
    }

    private static string IndicatorUnit(string indicator) => Model.Indicators.IndicatorCatalog.Get(indicator).Unit;
}
