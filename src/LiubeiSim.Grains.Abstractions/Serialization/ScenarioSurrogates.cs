using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Grains.Serialization;

// The model stays free of Orleans: its scenario types cross the wire through these surrogates.

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.YearMonthSurrogate")]
public readonly record struct YearMonthSurrogate
{
    [Id(0)] public required int Year { get; init; }
    [Id(1)] public required int Month { get; init; }
}

[RegisterConverter]
public sealed class YearMonthConverter : IConverter<YearMonth, YearMonthSurrogate>
{
    public YearMonth ConvertFromSurrogate(in YearMonthSurrogate surrogate) => new(surrogate.Year, surrogate.Month);

    public YearMonthSurrogate ConvertToSurrogate(in YearMonth value) => new() { Year = value.Year, Month = value.Month };
}

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.ShockSurrogate")]
public readonly record struct ShockSurrogate
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Target { get; init; }
    [Id(2)] public required ShockVariable Variable { get; init; }
    [Id(3)] public required YearMonth From { get; init; }
    [Id(4)] public required int Months { get; init; }
    [Id(5)] public required double Change { get; init; }
}

[RegisterConverter]
public sealed class ShockConverter : IConverter<Shock, ShockSurrogate>
{
    public Shock ConvertFromSurrogate(in ShockSurrogate surrogate) =>
        new(surrogate.Name, surrogate.Target, surrogate.Variable, surrogate.From, surrogate.Months, surrogate.Change);

    public ShockSurrogate ConvertToSurrogate(in Shock value) => new()
    {
        Name = value.Name,
        Target = value.Target,
        Variable = value.Variable,
        From = value.From,
        Months = value.Months,
        Change = value.Change,
    };
}

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.TargetSurrogate")]
public readonly record struct TargetSurrogate
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Indicator { get; init; }
    [Id(2)] public required string Scope { get; init; }
    [Id(3)] public required TargetDirection Direction { get; init; }
    [Id(4)] public required double Threshold { get; init; }
    [Id(5)] public required TargetMeasure Measure { get; init; }
}

[RegisterConverter]
public sealed class TargetConverter : IConverter<Target, TargetSurrogate>
{
    public Target ConvertFromSurrogate(in TargetSurrogate surrogate) =>
        new(surrogate.Name, surrogate.Indicator, surrogate.Scope, surrogate.Direction, surrogate.Threshold, surrogate.Measure);

    public TargetSurrogate ConvertToSurrogate(in Target value) => new()
    {
        Name = value.Name,
        Indicator = value.Indicator,
        Scope = value.Scope,
        Direction = value.Direction,
        Threshold = value.Threshold,
        Measure = value.Measure,
    };
}

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.ScenarioSurrogate")]
public readonly record struct ScenarioSurrogate
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Description { get; init; }
    [Id(2)] public required int BaseYear { get; init; }
    [Id(3)] public required YearMonth Start { get; init; }
    [Id(4)] public required int Months { get; init; }
    [Id(5)] public required int Replications { get; init; }
    [Id(6)] public required ulong Seed { get; init; }

    /// <summary>Lever names and values as parallel arrays, in the scenario's order (a dictionary's order is not part of its contract).</summary>
    [Id(7)] public required string[] LeverNames { get; init; }
    [Id(8)] public required double[] LeverValues { get; init; }
    [Id(9)] public required Shock[] Shocks { get; init; }
    [Id(10)] public required Target[] Targets { get; init; }
    [Id(11)] public int SyntheticFirms { get; init; }

    /// <summary>Assumption overrides as parallel arrays, sorted by figure id (empty when the scenario overrides none).</summary>
    [Id(12)] public string[]? AssumptionIds { get; init; }
    [Id(13)] public double[]? AssumptionValues { get; init; }
}

[RegisterConverter]
public sealed class ScenarioConverter : IConverter<Scenario, ScenarioSurrogate>
{
    public Scenario ConvertFromSurrogate(in ScenarioSurrogate surrogate)
    {
        var levers = new Dictionary<string, double>(surrogate.LeverNames.Length, StringComparer.Ordinal);
        for (var i = 0; i < surrogate.LeverNames.Length; i++)
        {
            levers.Add(surrogate.LeverNames[i], surrogate.LeverValues[i]);
        }

        var assumptions = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var ids = surrogate.AssumptionIds ?? [];
        for (var a = 0; a < ids.Length; a++)
        {
            assumptions.Add(ids[a], surrogate.AssumptionValues![a]);
        }

        return new Scenario(
            surrogate.Name,
            surrogate.Description,
            surrogate.BaseYear,
            surrogate.Start,
            surrogate.Months,
            surrogate.Replications,
            surrogate.Seed,
            levers,
            surrogate.Shocks,
            surrogate.Targets)
        {
            SyntheticFirms = surrogate.SyntheticFirms,
            Assumptions = assumptions,
        };
    }

    public ScenarioSurrogate ConvertToSurrogate(in Scenario value)
    {
        var names = new string[value.Levers.Count];
        var values = new double[value.Levers.Count];
        var i = 0;
        foreach (var (name, lever) in value.Levers)
        {
            names[i] = name;
            values[i] = lever;
            i++;
        }

        return new ScenarioSurrogate
        {
            Name = value.Name,
            Description = value.Description,
            BaseYear = value.BaseYear,
            Start = value.Start,
            Months = value.Months,
            Replications = value.Replications,
            Seed = value.Seed,
            LeverNames = names,
            LeverValues = values,
            Shocks = [.. value.Shocks],
            Targets = [.. value.Targets],
            SyntheticFirms = value.SyntheticFirms,
            AssumptionIds = [.. value.Assumptions.Keys],
            AssumptionValues = [.. value.Assumptions.Values],
        };
    }
}
