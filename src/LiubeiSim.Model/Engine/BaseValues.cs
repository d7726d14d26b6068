using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Engine;

/// <summary>Questions about a run's base-year values (<see cref="ModelParameters.BaseValues"/>).</summary>
public static class BaseValues
{
    /// <summary>Whether the indicator's base value is known for a scope; growth targets need it.</summary>
    public static bool IsKnown(IReadOnlyList<double?> values, string indicator, string scope)
    {
        var index = SeriesLayout.IndexOf(indicator, scope);
        return index >= 0 && values[index] is not null;
    }

    /// <summary>The scenario's growth targets (with their positions) whose indicator has no base-year value to grow from.</summary>
    public static IEnumerable<(int Index, Target Target)> GrowthTargetsWithoutBase(ModelParameters parameters) =>
        parameters.Scenario.Targets
            .Select((target, index) => (index, target))
            .Where(t => t.target.Measure == TargetMeasure.Growth && !IsKnown(parameters.BaseValues, t.target.Indicator, t.target.Scope));
}
