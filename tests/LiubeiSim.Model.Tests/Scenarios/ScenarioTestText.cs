using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Scenarios;

/// <summary>Shared scenario texts and assertions for the parser tests.</summary>
internal static class ScenarioTestText
{
    public const string FileName = "t.yaml";

    /// <summary>The smallest valid scenario; tests append or replace lines to break one thing at a time.</summary>
    public const string Minimal = """
        name: test
        base: 2022
        horizon:
          start: 2023-01
          months: 12

        """;

    public static ScenarioParseResult Parse(string text) => ScenarioParser.ParseText(FileName, text);

    /// <summary>Asserts there is a problem at the given place and returns its line for further checks.</summary>
    public static ScenarioProblem AssertProblem(ScenarioParseResult result, int line, int column, string path, string messagePart, string? allowedPart = null)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Scenario);
        var prefix = $"{FileName}:{line}:{column}: {path}: ";
        var match = result.Problems.FirstOrDefault(p => p.ToString().StartsWith(prefix, StringComparison.Ordinal) && p.Message.Contains(messagePart, StringComparison.Ordinal));
        Assert.True(match is not null, $"expected a problem '{prefix}...{messagePart}', got:\n{string.Join("\n", result.Problems)}");
        if (allowedPart is not null)
        {
            Assert.Contains(allowedPart, match.Allowed, StringComparison.Ordinal);
        }

        Assert.Equal($"{FileName}:{line}:{column}: {path}: {match.Message}; {match.Allowed}", match.ToString());
        return match;
    }

    public static ScenarioProblem AssertSingleProblem(ScenarioParseResult result, int line, int column, string path, string messagePart, string? allowedPart = null)
    {
        var problem = AssertProblem(result, line, column, path, messagePart, allowedPart);
        Assert.True(result.Problems.Count == 1, "expected exactly one problem, got:\n" + string.Join("\n", result.Problems));
        return problem;
    }

    public static Scenario AssertValid(ScenarioParseResult result)
    {
        Assert.True(result.IsValid, "expected a valid scenario, got:\n" + string.Join("\n", result.Problems));
        return result.Scenario;
    }
}
