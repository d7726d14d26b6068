using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>Built-in scenarios with test-sized replication counts, and per-replication runs for path-wise checks.</summary>
internal static class EngineScenarios
{
    public static Scenario Load(string name, int replications = 300, ulong? seed = null)
    {
        var scenario = ScenarioLibrary.Load(name).WithReplications(replications);
        return seed is { } s ? scenario.WithSeed(s) : scenario;
    }

    public static Scenario WithLever(this Scenario scenario, string lever, double value)
    {
        var levers = new Dictionary<string, double>(scenario.Levers, StringComparer.Ordinal) { [lever] = value };
        return scenario with { Levers = levers };
    }

    /// <summary>Runs every month and returns the end-of-horizon reported values, series-major over replications.</summary>
    public static double[] EndValues(Scenario scenario)
    {
        var parameters = ModelParameters.Build(global::LiubeiSim.Model.District.BaseYearDataset.Default, scenario);
        var shard = new ShardSimulation(parameters, new Aggregation.ReplicationBlock(0, scenario.Replications));
        var last = Array.Empty<double>();
        for (var m = 0; m < scenario.Months; m++)
        {
            last = shard.StepMonth().ToArray();
        }

        return last;
    }

    public static RunResult Run(Scenario scenario, int blocks = 1) =>
        InProcessEngine.Run(scenario, blocks: blocks, cancellationToken: TestContext.Current.CancellationToken);

    public static ReadOnlySpan<double> Series(double[] values, int series, int replications) => values.AsSpan(series * replications, replications);
}
