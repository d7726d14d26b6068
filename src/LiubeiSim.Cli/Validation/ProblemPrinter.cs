using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Validation;

/// <summary>Prints scenario problems the same way for every command that reads a scenario (validate, run).</summary>
public static class ProblemPrinter
{
    /// <summary>The built-in scenario suggested as a known-good starting point.</summary>
    public const string ExampleScenario = "baseline-2023";

    /// <summary>The example sweep spec that ships with the repository, suggested after a spec's problems.</summary>
    public const string ExampleSweep = "examples/sweeps/sgmw-delay.yaml (a grid of two factors), or examples/sweeps/sensitivity-3.yaml";

    /// <summary>
    /// Writes one compiler-style line per problem to <see cref="CliConsole.Error"/>, so editors and CI can jump to them,
    /// then how many there are and where to find a valid example.
    /// </summary>
    public static void Print(CliConsole console, IReadOnlyList<ScenarioProblem> problems, string? example = null)
    {
        foreach (var problem in problems)
        {
            console.Error.WriteLine(problem.ToString());
        }

        // A setting's problem (--set, and compare's --set-a) names the setting as its "file"; the count speaks of the
        // scenario it was set on.
        var file = problems.FirstOrDefault(p => !p.File.StartsWith("--set", StringComparison.Ordinal))?.File ?? "the scenario and its --set values";
        var count = problems.Count == 1 ? "1 problem" : $"{problems.Count} problems";
        console.Error.WriteLine($"{count} in {file}.");
        console.Error.WriteLine($"For a valid example: {example ?? $"liubeisim scenarios show {ExampleScenario}"}");
    }
}
