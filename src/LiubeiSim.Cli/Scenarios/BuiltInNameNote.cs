using System.Text.RegularExpressions;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Scenarios;

/// <summary>
/// A note on standard error when a scenario file keeps a built-in's name with other contents: its results would be
/// labelled as the built-in's (in tables, summary.json, compare's "B against A", the workbench's saved scenarios).
/// A note, not an error: the file is valid and runs.
/// </summary>
public static partial class BuiltInNameNote
{
    /// <param name="console">Where the note goes (its standard error).</param>
    /// <param name="nameOrPath">What the user named.</param>
    /// <param name="resolved">The valid scenario it resolved to, with <paramref name="settings"/>.</param>
    /// <param name="settings">The <c>--set</c> settings it was resolved with.</param>
    /// <returns>Whether the note was written.</returns>
    public static bool WriteIfShared(CliConsole console, string nameOrPath, Scenario resolved, IReadOnlyList<string>? settings = null)
    {
        if (ScenarioLibrary.SharedBuiltInName(nameOrPath, resolved, settings) is not { } name)
        {
            return false;
        }

        // The name is the file's, at its line, unless a setting gave it.
        var fromSetting = settings?.Any(s => ScenarioSettings.Split(s)?.Key == "name") == true;
        var at = fromSetting ? $"{nameOrPath} (--set name={name})" : NameLine(nameOrPath) is { } line ? $"{nameOrPath}:{line}" : nameOrPath;
        console.Error.WriteLine(
            $"{at}: note: named '{name}' like the built-in scenario but not the same scenario; its results will carry " +
            $"that name. Give it its own, e.g. `name: {name}-variant`.");
        return true;
    }

    /// <summary>The line of the file's top-level <c>name</c> key, or null when it cannot be told (or the file can no longer be read).</summary>
    private static int? NameLine(string path)
    {
        try
        {
            var number = 0;
            foreach (var text in File.ReadLines(path))
            {
                number++;
                if (NameKey().IsMatch(text))
                {
                    return number;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>A top-level key at the start of its line (a target's or shock's own name is indented under it).</summary>
    [GeneratedRegex("""^["']?name["']?\s*:""")]
    private static partial Regex NameKey();
}
