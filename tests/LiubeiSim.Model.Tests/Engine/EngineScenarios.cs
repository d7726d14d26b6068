using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.InputOutput;
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

    /// <summary>Two runs wrote the same indicators.csv and targets.csv, byte for byte.</summary>
    public static void AssertSameOutputs(RunResult expected, RunResult actual)
    {
        Assert.Equal(Output.RunReport.IndicatorsCsv(expected), Output.RunReport.IndicatorsCsv(actual));
        Assert.Equal(Output.RunReport.TargetsCsv(expected), Output.RunReport.TargetsCsv(actual));
    }

    /// <summary>Runs every month and returns the end-of-horizon reported values, series-major over replications.</summary>
    public static double[] EndValues(Scenario scenario)
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        var shard = new ShardSimulation(parameters, new Aggregation.ReplicationBlock(0, scenario.Replications));
        var last = Array.Empty<double>();
        for (var m = 0; m < scenario.Months; m++)
        {
            last = shard.StepMonth().ToArray();
        }

        return last;
    }

    /// <summary>Runs every month and returns each month's raw values (before 12-month windows), series-major over replications.</summary>
    public static double[][] RawMonths(Scenario scenario, IoTable? io = null)
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, io);
        var shard = new ShardSimulation(parameters, new Aggregation.ReplicationBlock(0, scenario.Replications));
        var months = new double[scenario.Months][];
        for (var m = 0; m < scenario.Months; m++)
        {
            shard.StepMonth();
            months[m] = shard.LastRaw.ToArray();
        }

        return months;
    }

    /// <summary>The sum over the horizon of a series' raw monthly values, per replication (what a flow totals before the horizon's end).</summary>
    public static double[] Cumulative(double[][] rawMonths, int series, int replications)
    {
        var total = new double[replications];
        foreach (var month in rawMonths)
        {
            for (var r = 0; r < replications; r++)
            {
                total[r] += month[(series * replications) + r];
            }
        }

        return total;
    }

    public static RunResult Run(Scenario scenario, int blocks = 1) =>
        InProcessEngine.Run(scenario, blocks: blocks, cancellationToken: TestContext.Current.CancellationToken);

    public static ReadOnlySpan<double> Series(double[] values, int series, int replications) => values.AsSpan(series * replications, replications);
}
