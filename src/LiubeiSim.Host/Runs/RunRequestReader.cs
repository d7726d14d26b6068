using System.Text.Json;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// Reads the body of <c>POST /api/runs</c>: <c>{"scenario": NAME | YAML text | scenario object, "replications": N,
/// "seed": S, "shards": K}</c>. Reports every problem, with the scenario validator's own findings, instead of the first.
/// A name is only ever looked up among the built-ins: the API never opens a path on the server's disk.
/// </summary>
public static class RunRequestReader
{
    public const int MaxReplications = 1_000_000;
    public const int MaxShards = 4096;

    private static readonly string[] Fields = ["scenario", "replications", "seed", "shards"];

    /// <summary>The scenario to run and the shard count (0: the engine's default), or the problems that stop it.</summary>
    public static (Scenario? Scenario, int Shards, IReadOnlyList<RunRequestProblem> Problems) Read(JsonElement body)
    {
        var problems = new List<RunRequestProblem>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("(body)", null, null, $"the body is a JSON {Kind(body)}", "a JSON object such as {\"scenario\": \"baseline-2023\", \"replications\": 1000, \"seed\": 7}"));
            return (null, 0, problems);
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add(new(property.Name, null, null, "unknown field", "one of: " + string.Join(", ", Fields)));
            }
        }

        var replications = ReadInteger(body, "replications", 1, MaxReplications, problems);
        var seed = ReadSeed(body, problems);
        var shards = ReadInteger(body, "shards", 1, MaxShards, problems);
        var scenario = ReadScenario(body, problems);
        if (scenario is null || problems.Count > 0)
        {
            return (null, 0, problems);
        }

        if (replications is { } r)
        {
            scenario = scenario.WithReplications((int)r);
        }

        if (seed is { } s)
        {
            scenario = scenario.WithSeed(s);
        }

        CheckGrowthTargets(scenario, problems);
        return problems.Count > 0 ? (null, 0, problems) : (scenario, (int)(shards ?? 0), problems);
    }

    private static Scenario? ReadScenario(JsonElement body, List<RunRequestProblem> problems)
    {
        const string allowed = "a built-in scenario name, a scenario as YAML text, or a scenario as a JSON object";
        if (!body.TryGetProperty("scenario", out var value))
        {
            problems.Add(new("scenario", null, null, "missing", allowed + "; built-ins: " + string.Join(", ", ScenarioLibrary.Names)));
            return null;
        }

        string label;
        string text;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var given = value.GetString() ?? string.Empty;
                var name = given.EndsWith(".yaml", StringComparison.Ordinal) ? given[..^5] : given;
                if (ScenarioLibrary.TryGetText(name, out var builtIn))
                {
                    label = name;
                    text = builtIn;
                }
                else if (given.Contains('\n', StringComparison.Ordinal) || given.Contains(':', StringComparison.Ordinal))
                {
                    label = "scenario";
                    text = given;
                }
                else
                {
                    problems.Add(new("scenario", null, null, $"'{given}' is not a built-in scenario", "one of: " + string.Join(", ", ScenarioLibrary.Names) + ", or a scenario's YAML text"));
                    return null;
                }

                break;
            case JsonValueKind.Object:
                // JSON is YAML's flow style: the scenario validator reads it as it is, with the same rules and messages.
                label = "scenario";
                text = JsonSerializer.Serialize(value, IndentedJson);
                break;
            default:
                problems.Add(new("scenario", null, null, $"a JSON {Kind(value)}", allowed));
                return null;
        }

        var parsed = ScenarioParser.ParseText(label, text);
        foreach (var p in parsed.Problems)
        {
            problems.Add(new($"scenario: {p.Path}", p.Line, p.Column, p.Message, p.Allowed));
        }

        return parsed.IsValid ? parsed.Scenario : null;
    }

    private static long? ReadInteger(JsonElement body, string field, long min, long max, List<RunRequestProblem> problems)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= min && n <= max)
        {
            return n;
        }

        problems.Add(new(field, null, null, $"{value.GetRawText()} is not allowed", $"an integer from {min:N0} to {max:N0}"));
        return null;
    }

    private static ulong? ReadSeed(JsonElement body, List<RunRequestProblem> problems)
    {
        if (!body.TryGetProperty("seed", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var seed))
        {
            return seed;
        }

        problems.Add(new("seed", null, null, $"{value.GetRawText()} is not allowed", "an integer from 0 to 18,446,744,073,709,551,615"));
        return null;
    }

    /// <summary>A growth target needs the indicator's base-year value, and the report does not state every one.</summary>
    private static void CheckGrowthTargets(Scenario scenario, List<RunRequestProblem> problems)
    {
        foreach (var (i, target) in BaseValues.GrowthTargetsWithoutBase(ModelParameters.Build(BaseYearDataset.Default, scenario)))
        {
            problems.Add(new(
                $"scenario: targets[{i}]",
                null,
                null,
                $"a growth target for {target.Indicator} ({target.Scope}) needs its base-year {scenario.BaseYear} value, which the report does not state",
                "measure: level, with a threshold in the indicator's unit"));
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };
}
