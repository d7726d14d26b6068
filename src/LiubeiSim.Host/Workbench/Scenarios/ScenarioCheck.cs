using System.Text.Json;
using LiubeiSim.Host.Requests;
using LiubeiSim.Host.Runs;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Workbench.Scenarios;

/// <summary>One problem of the editor's text, as the editor lists it and marks its control.</summary>
/// <param name="Line">1-based line in the text; null for a problem of the scenario as a whole (a run preflight check).</param>
/// <param name="Column">1-based column, likewise.</param>
/// <param name="Path">The field: <c>levers.sgmw_demand_growth</c>, <c>shocks[1].from</c>, <c>(document)</c>.</param>
/// <param name="Message">What is wrong, word for word the validator's.</param>
/// <param name="Allowed">What would be accepted, likewise.</param>
public sealed record EditorProblem(int? Line, int? Column, string Path, string Message, string Allowed);

/// <summary>
/// Checks the editor's text with the code that checks it everywhere else, so the words are the same: the scenario
/// parser (<c>liubeisim validate</c>, the API's validator) for the text, then <see cref="RunRequestReader"/> (what
/// <c>POST /api/runs</c> adds: the growth targets' base values) once the text is valid. No rule is written here.
/// </summary>
public static class ScenarioCheck
{
    /// <summary>The label problems carry for the text (the CLI's would be the file's name).</summary>
    public const string Label = "scenario";

    /// <summary>The scenario when it would run, and every problem.</summary>
    public static (Scenario? Scenario, IReadOnlyList<EditorProblem> Problems) Check(string text)
    {
        var parsed = ScenarioParser.ParseText(Label, text);
        if (!parsed.IsValid)
        {
            return (null, parsed.Problems.Select(p => new EditorProblem(p.Line, p.Column, p.Path, p.Message, p.Allowed)).ToList());
        }

        var (scenario, problems) = AsRunRequest(text);
        return (scenario, problems.Select(FromRequest).ToList());
    }

    /// <summary>The text read exactly as the body <c>{"scenario": TEXT}</c> of <c>POST /api/runs</c> is read.</summary>
    public static (Scenario? Scenario, IReadOnlyList<RequestProblem> Problems) AsRunRequest(string text)
    {
        var body = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["scenario"] = text });
        var (scenario, _, problems) = RunRequestReader.Read(body);
        return (scenario, problems);
    }

    // The request reader prefixes the field ("scenario: levers.x"); the editor has only the one text.
    private static EditorProblem FromRequest(RequestProblem p)
    {
        const string prefix = "scenario: ";
        var path = p.Path.StartsWith(prefix, StringComparison.Ordinal) ? p.Path[prefix.Length..] : p.Path;
        return new EditorProblem(p.Line, p.Column, path, p.Message, p.Allowed);
    }
}
