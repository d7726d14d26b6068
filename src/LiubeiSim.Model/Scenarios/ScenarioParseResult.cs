using System.Diagnostics.CodeAnalysis;

namespace LiubeiSim.Model.Scenarios;

/// <summary>The outcome of reading a scenario file: the scenario when it is valid, and every problem found.</summary>
/// <param name="Scenario">The scenario; null whenever there is any problem, so a half-valid file can never be run.</param>
/// <param name="Problems">Every problem found, in file order.</param>
public sealed record ScenarioParseResult(Scenario? Scenario, IReadOnlyList<ScenarioProblem> Problems)
{
    [MemberNotNullWhen(true, nameof(Scenario))]
    public bool IsValid => Scenario is not null && Problems.Count == 0;

    /// <summary>A result with a single whole-file problem (missing file, unknown name).</summary>
    public static ScenarioParseResult Failure(string file, string message, string allowed) =>
        new(null, [new ScenarioProblem(file, 1, 1, ScenarioProblem.DocumentPath, message, allowed)]);
}
