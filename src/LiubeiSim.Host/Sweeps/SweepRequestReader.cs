using System.Text.Json;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Host.Requests;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Sweeps;

/// <summary>
/// Reads the body of <c>POST /api/sweeps</c> (<see cref="SweepRequest"/>): the spec validated by the same parser as
/// <c>liubeisim sweep</c> and <c>liubeisim validate</c>, and every point's scenario resolved before anything runs.
/// </summary>
public static class SweepRequestReader
{
    public const string Field = "spec";

    /// <summary>Settings over the base scenario of every point, as <c>liubeisim sweep --set</c>.</summary>
    public const string SettingsField = "set";

    private static readonly string[] Fields = [Field, SettingsField];

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public sealed record Sweep(SweepSpec Spec, IReadOnlyList<SweepWork> Work);

    public static (Sweep? Sweep, IReadOnlyList<RequestProblem> Problems) Read(JsonElement body, SweepsSettings settings)
    {
        const string example = "{\"spec\": {\"base\": \"baseline-2023\", \"replications\": 200, \"factors\": {\"levers.sgmw_demand_growth\": [0, 10, 20]}}}";
        if (RequestFields.NotAnObject(body, example) is { } notObject)
        {
            return (null, [notObject]);
        }

        var problems = new List<RequestProblem>();
        RequestFields.RejectUnknown(body, Fields, problems);
        var (baseSettings, _) = ScenarioRequest.ReadSettings(body, SettingsField, problems);
        if (Text(body, problems) is not { } text || problems.Count > 0 || baseSettings is null)
        {
            return (null, problems);
        }

        // No folder: `base` may name a built-in scenario only, never a file on this server.
        var parsed = SweepSpecParser.ParseText(Field, text, folder: null);
        foreach (var p in parsed.Problems)
        {
            problems.Add(new RequestProblem($"{Field}: {p.Path}", p.Line > 0 ? p.Line : null, p.Line > 0 ? p.Column : null, p.Message, p.Allowed));
        }

        if (!parsed.IsValid)
        {
            return (null, problems);
        }

        var (spec, settingProblems) = parsed.Spec!.WithBaseSettings(baseSettings);
        if (spec is null)
        {
            foreach (var p in settingProblems)
            {
                // A setting's problem names it by its place in the list, as the run API's do.
                var index = p.Line == 0 && p.File.StartsWith("--set ", StringComparison.Ordinal) ? IndexOf(baseSettings, p.File["--set ".Length..]) : -1;
                problems.Add(new RequestProblem(index >= 0 ? $"{SettingsField}[{index}]: {p.Path}" : $"{SettingsField}: {p.Path}", null, null, p.Message, p.Allowed));
            }

            return (null, problems);
        }

        // Before any point is built: resolving a hundred thousand scenarios on the request thread is work in itself.
        if (spec.PointCount > settings.MaxPoints)
        {
            problems.Add(new(Field, null, null, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"this sweep has {spec.PointCount:N0} points, over this host's limit of {settings.MaxPoints:N0}"), "fewer values or steps (or samples), or `liubeisim sweep` on a machine of your own"));
            return (null, problems);
        }

        var work = SweepWorkList.Resolve(spec.Points());
        if (!work.IsValid)
        {
            var point = work.Invalid!;
            foreach (var p in work.Problems)
            {
                problems.Add(new RequestProblem($"{Field}: point {point.Index} ({point.Describe()}): {p.Path}", null, null, p.Message, p.Allowed));
            }

            return (null, problems);
        }

        ScenarioRequest.CheckGrowthTargets(spec.BaseScenario, $"{Field}: base", problems);
        CheckBudget(work.Work, settings, problems);
        return problems.Count > 0 ? (null, problems) : (new Sweep(spec, work.Work), problems);
    }

    private static int IndexOf(IReadOnlyList<string> settings, string setting)
    {
        for (var i = 0; i < settings.Count; i++)
        {
            if (settings[i] == setting)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Replication-months over every point, synthetic firms weighing in as the extra entities they are.</summary>
    public static long ReplicationMonths(IReadOnlyList<SweepWork> work) =>
        work.Sum(w => RunCostEstimator.ReplicationMonths(w.Scenario));

    private static string? Text(JsonElement body, List<RequestProblem> problems)
    {
        const string allowed = "a sweep spec as YAML text or as a JSON object with base, factors and optionally replications, seed, design, samples, outputs";
        if (!body.TryGetProperty(Field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new(Field, null, null, "missing", allowed));
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Object:
                // JSON is YAML's flow style: the spec parser reads it as it is, with the same rules and messages.
                return JsonSerializer.Serialize(value, IndentedJson);
            default:
                problems.Add(new(Field, null, null, $"a JSON {RequestFields.Kind(value)}", allowed));
                return null;
        }
    }

    private static void CheckBudget(IReadOnlyList<SweepWork> work, SweepsSettings settings, List<RequestProblem> problems)
    {
        var cost = ReplicationMonths(work);
        if (cost > settings.MaxReplicationMonths)
        {
            problems.Add(new(
                Field,
                null,
                null,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"this sweep is {cost:N0} replication-months ({work.Count:N0} points), over this host's limit of {settings.MaxReplicationMonths:N0}"),
                "fewer points or replications, or `liubeisim sweep` on a machine of your own"));
        }
    }
}
