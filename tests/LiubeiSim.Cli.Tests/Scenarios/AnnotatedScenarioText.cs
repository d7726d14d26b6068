using System.Globalization;
using System.Text.RegularExpressions;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Tests.Scenarios;

/// <summary>Checks of a scenario text with commented lever lines against the text it was made from, shared by the unit and the command tests.</summary>
internal static partial class AnnotatedScenarioText
{
    /// <summary>
    /// The annotated text parses to the same scenario; every original line is kept, in order; every added line is a comment
    /// (or a blank line); each lever the scenario does not set has exactly one commented line with its default for the
    /// scenario's base year; each lever it sets keeps its uncommented line and gets no commented one.
    /// </summary>
    public static void AssertValid(string original, string annotated)
    {
        var scenario = ScenarioAssert.Parse(original, "original.yaml");
        ScenarioAssert.Same(scenario, ScenarioAssert.Parse(annotated, "annotated.yaml"));

        // Only comments are added, and a bare `levers:` key (an empty section) where the file had no levers section.
        var added = AddedLines(original, annotated);
        Assert.All(added, line => Assert.True(line.Trim().Length == 0 || line.TrimStart().StartsWith('#') || line.TrimEnd('\r') == "levers:", $"added line is not a comment: '{line}'"));
        Assert.True(added.Count(l => l.TrimEnd('\r') == "levers:") <= 1);

        var commented = added.Select(l => CommentedLever().Match(l)).Where(m => m.Success).ToList();
        foreach (var lever in LeverCatalog.All)
        {
            var lines = commented.Where(m => m.Groups["name"].Value == lever.Name).ToList();
            if (scenario.Levers.ContainsKey(lever.Name))
            {
                Assert.Empty(lines);
                var uncommented = annotated.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => Regex.IsMatch(l, $@"^[^#]*\b{lever.Name}:\s", RegexOptions.None, TimeSpan.FromSeconds(1))).ToList();
                Assert.Single(uncommented);
            }
            else
            {
                var line = Assert.Single(lines);
                var expected = BaseYearDataset.Default.Number($"base.{scenario.BaseYear}.lever.{lever.Name}");
                Assert.Equal(expected, double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture));
                Assert.StartsWith($"{lever.Unit} [", line.Groups["note"].Value, StringComparison.Ordinal);
                Assert.Contains($"] default for base {scenario.BaseYear}; ", line.Groups["note"].Value, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The lines of <paramref name="annotated"/> that are not <paramref name="original"/>'s, which must all appear in order.</summary>
    public static List<string> AddedLines(string original, string annotated)
    {
        var before = original.Split('\n');
        var after = annotated.Split('\n');
        var added = new List<string>();
        var next = 0;
        foreach (var line in after)
        {
            if (next < before.Length && line == before[next])
            {
                next++;
            }
            else
            {
                added.Add(line);
            }
        }

        Assert.True(next == before.Length, $"original line {next + 1} is missing or moved: '{(next < before.Length ? before[next] : string.Empty)}'");
        return added;
    }

    [GeneratedRegex(@"^\s*# (?<name>[a-z_]+): (?<value>\S+)\s+# (?<note>.*)$")]
    public static partial Regex CommentedLever();
}
