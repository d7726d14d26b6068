using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Tests.Scenarios;

namespace LiubeiSim.Cli.Tests.Hosting;

/// <summary>The root help is a page: every command in a line or two, nothing wider than an 80-column terminal.</summary>
public sealed class RootHelpTests
{
    [Fact]
    public async Task The_root_help_names_every_command_briefly_within_80_columns()
    {
        var (exit, stdout, stderr) = await CliRun.RunAtWidthAsync(80, "--help");
        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(RootHelp.Cells(l) <= 80, $"wider than 80 columns: {l}"));
        Assert.True(lines.Count < 100, $"{lines.Count} lines");

        var root = CliApplication.BuildRootCommand(CliConsole.ForWriters(TextWriter.Null, TextWriter.Null));
        var commands = lines.SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        foreach (var command in root.Subcommands)
        {
            var at = commands.FindIndex(l => l.StartsWith("  " + command.Name + " ", StringComparison.Ordinal));
            Assert.True(at >= 0, $"{command.Name} is not listed");
            var summary = string.Join(' ', commands.Skip(at).Take(1).Concat(commands.Skip(at + 1).TakeWhile(l => l.StartsWith(new string(' ', 18), StringComparison.Ordinal))).Select(l => l[18..].Trim()));
            Assert.Equal(RootHelp.FirstSentence(command.Description), summary);
            Assert.True(summary.Length < 240, $"{command.Name}: {summary}");
        }

        Assert.Contains("A command's options and examples: liubeisim COMMAND --help", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_s_own_help_is_the_whole_standard_help()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("run", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Contains("--replications", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Check a file.\nMore here.", "Check a file.")]
    [InlineData("Report every problem, one line each:\n  FILE:LINE:COL: field\nExit code 0.", "Report every problem, one line each.")]
    [InlineData("Show the base year (柳北区): the district\nand the towns, with sources.\n\nEvery figure has a kind.", "Show the base year (柳北区): the district and the towns, with sources.")]
    public void The_first_sentence_ends_at_a_full_stop_a_paragraph_or_a_line_ending_in_a_colon(string description, string sentence) =>
        Assert.Equal(sentence, RootHelp.FirstSentence(description));

    [Fact]
    public void Wrapping_counts_wide_characters_as_two_columns() =>
        Assert.Equal(["区区区", "ab"], RootHelp.Wrap("区区区 ab", 7));
}
