using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Scenarios;

/// <summary>
/// A note on standard error when a scenario file keeps a built-in's name with other contents: its results would be
/// labelled as the built-in's (in tables, summary.json, compare's "B against A", the workbench's saved scenarios).
/// A note, not an error: the file is valid and runs.
/// </summary>
public static class BuiltInNameNote
{
    public static void WriteIfShared(CliConsole console, string nameOrPath)
    {
        if (ScenarioLibrary.SharedBuiltInName(nameOrPath) is not { } name)
        {
            return;
        }

        var line = File.ReadLines(nameOrPath).Select((text, index) => (text, index)).FirstOrDefault(l => l.text.StartsWith("name:", StringComparison.Ordinal)).index + 1;
        console.Error.WriteLine(
            $"{nameOrPath}:{line}: note: name '{name}' is the built-in scenario's, but this file differs from it, so its results " +
            $"will be labelled as the built-in's. Give it a name of its own, e.g. `name: {name}-variant`.");
    }
}
