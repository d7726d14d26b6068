using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Grains.Serialization;

/// <summary>A run's result on the wire: statistics flattened to one array (six values per series and month).</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.RunResultSurrogate")]
public readonly record struct RunResultSurrogate
{
    [Id(0)] public required Scenario Scenario { get; init; }
    [Id(1)] public required string Engine { get; init; }
    [Id(2)] public required string IoSource { get; init; }
    [Id(3)] public required string[] IoChains { get; init; }
    [Id(4)] public required double[] OutputMultipliers { get; init; }
    [Id(5)] public required double[] EmploymentMultipliers { get; init; }
    [Id(6)] public required double?[] BaseValues { get; init; }

    /// <summary>P5, P10, P50, P90, P95, mean of each (month, series), in <see cref="RunResult.Monthly"/> order.</summary>
    [Id(7)] public required double[] Monthly { get; init; }
    [Id(8)] public required Target[] Targets { get; init; }
    [Id(9)] public required double[] Probabilities { get; init; }
    [Id(10)] public required double StartupSeconds { get; init; }
    [Id(11)] public required double SimulationSeconds { get; init; }
    [Id(12)] public required double ReplicationMonthsPerSecond { get; init; }
    [Id(13)] public required double[] ValueAddedMultipliers { get; init; }
    [Id(14)] public required double[] ValueAddedRatios { get; init; }
}

[RegisterConverter]
public sealed class RunResultConverter : IConverter<RunResult, RunResultSurrogate>
{
    private const int PerStatistic = 6;

    public RunResult ConvertFromSurrogate(in RunResultSurrogate surrogate)
    {
        var monthly = new SeriesStatistics[surrogate.Monthly.Length / PerStatistic];
        for (var k = 0; k < monthly.Length; k++)
        {
            var m = surrogate.Monthly.AsSpan(k * PerStatistic, PerStatistic);
            monthly[k] = new SeriesStatistics(m[0], m[1], m[2], m[3], m[4], m[5]);
        }

        var chains = new ChainMultipliers[surrogate.IoChains.Length];
        for (var c = 0; c < chains.Length; c++)
        {
            chains[c] = new ChainMultipliers(surrogate.IoChains[c], surrogate.OutputMultipliers[c], surrogate.EmploymentMultipliers[c], surrogate.ValueAddedMultipliers[c], surrogate.ValueAddedRatios[c]);
        }

        var targets = new TargetResult[surrogate.Targets.Length];
        for (var t = 0; t < targets.Length; t++)
        {
            targets[t] = new TargetResult(surrogate.Targets[t], surrogate.Probabilities[t]);
        }

        return new RunResult(
            surrogate.Scenario,
            surrogate.Engine,
            new IoSummary(surrogate.IoSource, chains),
            surrogate.BaseValues,
            monthly,
            targets,
            new RunTimings(surrogate.StartupSeconds, surrogate.SimulationSeconds, surrogate.ReplicationMonthsPerSecond));
    }

    public RunResultSurrogate ConvertToSurrogate(in RunResult value)
    {
        var monthly = new double[value.Monthly.Length * PerStatistic];
        for (var k = 0; k < value.Monthly.Length; k++)
        {
            var s = value.Monthly[k];
            var m = monthly.AsSpan(k * PerStatistic, PerStatistic);
            (m[0], m[1], m[2], m[3], m[4], m[5]) = (s.P5, s.P10, s.P50, s.P90, s.P95, s.Mean);
        }

        return new RunResultSurrogate
        {
            Scenario = value.Scenario,
            Engine = value.Engine,
            IoSource = value.Io.Source,
            IoChains = value.Io.Chains.Select(c => c.Chain).ToArray(),
            OutputMultipliers = value.Io.Chains.Select(c => c.Output).ToArray(),
            EmploymentMultipliers = value.Io.Chains.Select(c => c.Employment).ToArray(),
            ValueAddedMultipliers = value.Io.Chains.Select(c => c.ValueAdded).ToArray(),
            ValueAddedRatios = value.Io.Chains.Select(c => c.ValueAddedRatio).ToArray(),
            BaseValues = [.. value.BaseValues],
            Monthly = monthly,
            Targets = value.Targets.Select(t => t.Target).ToArray(),
            Probabilities = value.Targets.Select(t => t.Probability).ToArray(),
            StartupSeconds = value.Timings.StartupSeconds,
            SimulationSeconds = value.Timings.SimulationSeconds,
            ReplicationMonthsPerSecond = value.Timings.ReplicationMonthsPerSecond,
        };
    }
}
