using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Tests.Scenarios;

/// <summary>Scenario equality by content: the record compares its collections by reference, so they are compared here element by element.</summary>
internal static class ScenarioAssert
{
    public static void Same(Scenario expected, Scenario actual)
    {
        Assert.Equal(expected.Levers.OrderBy(l => l.Key, StringComparer.Ordinal), actual.Levers.OrderBy(l => l.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Shocks, actual.Shocks);
        Assert.Equal(expected.Targets, actual.Targets);
        Assert.Equal(expected.Assumptions, actual.Assumptions);
        // Every other field (name, description, base, horizon, replications, seed, synthetic firms) by the record's own equality.
        Assert.Equal(expected, actual with { Levers = expected.Levers, Shocks = expected.Shocks, Targets = expected.Targets, Assumptions = expected.Assumptions });
    }

    public static Scenario Parse(string yaml, string file = "test.yaml")
    {
        var result = ScenarioParser.ParseText(file, yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        return result.Scenario;
    }
}
