using System.Text.Json;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Requests;

/// <summary>
/// A scenario in a request body: a built-in name, YAML text or a JSON object, with a list of <c>KEY=VALUE</c> settings
/// applied over it exactly as the CLI's <c>--set</c> (same keys, same validation, same messages). A name is only ever
/// looked up among the built-ins: the API never opens a path on the server's disk.
/// </summary>
public static class ScenarioRequest
{
    public const string SettingsAllowed = "an array of \"KEY=VALUE\" strings such as \"levers.sgmw_demand_growth=20\" or \"assumptions.chain.auto_parts_machinery.jobs_per_output=55\"";

    // The CLI labels a setting's problems with the file "--set KEY=VALUE"; the API names the list entry instead.
    private const string SettingFilePrefix = "--set ";

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>Whether the field holds something a scenario could be read from (present and not null).</summary>
    public static bool IsGiven(JsonElement body, string field) => RequestFields.IsGiven(body, field);

    /// <summary>
    /// Reads the settings field (absent or null: none) and the scenario field, validates the scenario with the settings
    /// over it, and adds every problem found. Null when anything is wrong.
    /// </summary>
    /// <param name="body">The request body, a JSON object.</param>
    /// <param name="field">The field holding the scenario: <c>scenario</c>, <c>a</c>, <c>b</c>.</param>
    /// <param name="settingsField">The field holding its settings: <c>set</c>, <c>setA</c>, <c>setB</c>.</param>
    /// <param name="problems">Where problems go.</param>
    public static Scenario? Read(JsonElement body, string field, string settingsField, List<RequestProblem> problems)
    {
        var (settings, positions) = ReadSettings(body, settingsField, problems);
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new(field, null, null, "missing", Allowed));
            return null;
        }

        if (Text(value, field, problems) is not var (label, text) || settings is null)
        {
            return null;
        }

        var parsed = ScenarioParser.ParseText(label, text, settings);
        foreach (var p in parsed.Problems)
        {
            problems.Add(Locate(p, field, settingsField, settings, positions));
        }

        if (!parsed.IsValid)
        {
            return null;
        }

        return parsed.Scenario;
    }

    /// <summary>
    /// Growth targets need the indicator's base-year value, which the report does not state for every indicator: caught
    /// here, before anything runs, as the CLI's preflight does. <paramref name="field"/> prefixes the problem's path.
    /// </summary>
    public static void CheckGrowthTargets(Scenario scenario, string field, List<RequestProblem> problems)
    {
        ModelParameters parameters;
        try
        {
            parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        }
        catch (InvalidOperationException e)
        {
            // The model refuses the inputs as a whole (its consistency rules), not one field of them.
            problems.Add(new($"{field}: {ScenarioProblem.DocumentPath}", null, null, e.Message, "inputs the model accepts; `liubeisim validate` shows the same check"));
            return;
        }

        foreach (var (i, target) in BaseValues.GrowthTargetsWithoutBase(parameters))
        {
            problems.Add(new(
                $"{field}: targets[{i}]",
                null,
                null,
                $"a growth target for {target.Indicator} ({target.Scope}) needs its base-year {scenario.BaseYear} value, which the report does not state",
                "measure: level, with a threshold in the indicator's unit"));
        }
    }

    /// <summary>
    /// The settings that are strings, to validate even when others are not (so one answer lists every problem), with
    /// their positions in the request's list; null settings when the field itself is unusable.
    /// </summary>
    internal static (IReadOnlyList<string>? Settings, IReadOnlyList<int> Positions) ReadSettings(JsonElement body, string field, List<RequestProblem> problems)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return ([], []);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(field, null, null, $"a JSON {RequestFields.Kind(value)}", SettingsAllowed));
            return (null, []);
        }

        var count = value.GetArrayLength();
        if (count > ScenarioSettings.MaxSettings)
        {
            problems.Add(new(field, null, null, $"{count} settings, over the limit of {ScenarioSettings.MaxSettings}", "put that many values in the scenario itself"));
            return (null, []);
        }

        var settings = new List<string>(count);
        var positions = new List<int>(count);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                settings.Add(item.GetString()!);
                positions.Add(index);
            }
            else
            {
                problems.Add(new($"{field}[{index}]", null, null, $"a JSON {RequestFields.Kind(item)}", "a \"KEY=VALUE\" string"));
            }

            index++;
        }

        return (settings, positions);
    }

    private static (string Label, string Text)? Text(JsonElement value, string field, List<RequestProblem> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var given = value.GetString() ?? string.Empty;
                var name = given.EndsWith(".yaml", StringComparison.Ordinal) ? given[..^5] : given;
                if (ScenarioLibrary.TryGetText(name, out var builtIn))
                {
                    return (name, builtIn);
                }

                if (given.Contains('\n', StringComparison.Ordinal) || given.Contains(':', StringComparison.Ordinal))
                {
                    return (field, given);
                }

                problems.Add(new(field, null, null, $"'{RequestFields.Clip(given)}' is not a built-in scenario{NameSuggester.Hint(name, ScenarioLibrary.Names)}", "one of: " + string.Join(", ", ScenarioLibrary.Names) + ", or a scenario's YAML text"));
                return null;
            case JsonValueKind.Object:
                // JSON is YAML's flow style: the scenario validator reads it as it is, with the same rules and messages.
                return (field, JsonSerializer.Serialize(value, IndentedJson));
            default:
                problems.Add(new(field, null, null, $"a JSON {RequestFields.Kind(value)}", Allowed));
                return null;
        }
    }

    private static RequestProblem Locate(ScenarioProblem problem, string field, string settingsField, IReadOnlyList<string> settings, IReadOnlyList<int> positions)
    {
        if (problem.Line == 0 && problem.File.StartsWith(SettingFilePrefix, StringComparison.Ordinal))
        {
            var index = IndexOf(settings, problem.File[SettingFilePrefix.Length..]);
            var where = index < 0 ? settingsField : $"{settingsField}[{positions[index]}]";
            return new RequestProblem(problem.Path == ScenarioProblem.DocumentPath ? where : $"{where}: {problem.Path}", null, null, problem.Message, problem.Allowed);
        }

        return new RequestProblem($"{field}: {problem.Path}", problem.Line, problem.Column, problem.Message, problem.Allowed);
    }

    private static int IndexOf(IReadOnlyList<string> settings, string setting)
    {
        for (var i = 0; i < settings.Count; i++)
        {
            if (string.Equals(settings[i], setting, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Allowed =>
        $"a built-in scenario name ({string.Join(", ", ScenarioLibrary.Names)}), a scenario as YAML text, or a scenario as a JSON object";
}
