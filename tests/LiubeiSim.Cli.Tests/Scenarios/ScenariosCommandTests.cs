using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Tests.Scenarios;

public sealed class ScenariosCommandTests
{
    [Fact]
    public async Task List_shows_every_built_in_with_what_it_asks()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("scenarios", "list");
        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        foreach (var header in new[] { "Name", "What it asks", "Base", "Horizon", "Replications", "Levers set", "Shocks", "Targets" })
        {
            Assert.Contains(header, stdout, StringComparison.Ordinal);
        }

        foreach (var name in ScenarioLibrary.Names)
        {
            Assert.Contains(name, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("sgmw_demand_growth 20", stdout, StringComparison.Ordinal);
        Assert.Contains("demand +10% on", stdout, StringComparison.Ordinal);
        Assert.Contains("2023-01, 12 mo", stdout, StringComparison.Ordinal);
    }

    /// <summary>Up to about 131 columns the table would break a lever or chain id: those terminals get the list.</summary>
    [Theory]
    [InlineData(80)]
    [InlineData(130)]
    public async Task List_on_a_narrower_terminal_keeps_words_whole_and_says_everything_the_table_says(int width)
    {
        var (exit, stdout, stderr) = await CliRun.RunAtWidthAsync(width, "scenarios", "list");
        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r', ' ')).ToList();

        // Cells, not characters: the Chinese of a question takes two columns a character.
        Assert.All(lines, l => Assert.True(RootHelp.Cells(l) <= width, $"wider than the terminal: {l}"));
        Assert.DoesNotContain(lines, l => l.Contains('│'));

        // Every scenario starts its block on its own line, its question and figures follow; a wrapped line breaks
        // between words, so every word of the question is found whole once the lines are joined again.
        foreach (var name in ScenarioLibrary.Names)
        {
            var scenario = ScenarioLibrary.Load(name);
            var at = lines.IndexOf(name);
            Assert.True(at >= 0, $"{name} does not start a line of its own");
            var block = string.Join(' ', lines.Skip(at + 1).TakeWhile(l => l.Length > 0).Select(l => l.Trim()));
            Assert.Contains(scenario.Description.Split('\n')[0], block, StringComparison.Ordinal);
            Assert.Contains($"from {scenario.Start} for {scenario.Months} months", block, StringComparison.Ordinal);
            Assert.Contains($"{scenario.Replications:N0} replications", block, StringComparison.Ordinal);
        }

        var joined = string.Join(' ', lines.Select(l => l.Trim()));
        Assert.Contains("sgmw_demand_growth 20, liugang_auto_steel_growth 10", joined, StringComparison.Ordinal);
        Assert.Contains("delay +6 mo on boqiang_phase2, 2023-01 for 12 mo; delay +6 mo on garment_park_phase3", joined, StringComparison.Ordinal);
    }

    public static TheoryData<string> BuiltIns => new(ScenarioLibrary.Names);

    /// <summary>What a user does with the copy: delete the '# ' of one lever line, change nothing else, and run it.</summary>
    [Theory]
    [MemberData(nameof(BuiltIns))]
    public async Task Uncommenting_any_one_lever_line_of_the_copy_sets_that_lever_to_its_default(string name)
    {
        var (_, stdout, _) = await CliRun.RunAsync("scenarios", "show", name);
        var lines = stdout.Split('\n');
        var scenario = ScenarioLibrary.Load(name);
        var tried = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var match = AnnotatedScenarioText.CommentedLever().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var edited = lines.ToArray();
            var at = edited[i].IndexOf("# ", StringComparison.Ordinal);
            edited[i] = edited[i].Remove(at, 2);
            var parsed = ScenarioParser.ParseText("my.yaml", string.Join('\n', edited));
            Assert.True(parsed.IsValid, $"uncommenting line {i + 1} ({lines[i].Trim()}): {string.Join("; ", parsed.Problems)}");
            var lever = match.Groups["name"].Value;
            Assert.Equal(Model.District.BaseYearDataset.Default.Number($"base.{scenario.BaseYear}.lever.{lever}"), parsed.Scenario!.Levers[lever]);
            Assert.Equal(scenario.Levers.Count + 1, parsed.Scenario.Levers.Count);
            tried++;
        }

        Assert.Equal(LeverCatalog.All.Count - scenario.Levers.Count, tried);
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public async Task Show_prints_the_shipped_file_plus_a_commented_line_for_every_lever_it_does_not_set(string name)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("scenarios", "show", name);
        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        Assert.True(ScenarioLibrary.TryGetText(name, out var yaml));

        // Same scenario as the shipped file, every shipped line kept in order, and every lever visible.
        AnnotatedScenarioText.AssertValid(yaml, stdout);
        ScenarioAssert.Same(ScenarioLibrary.Load(name), ScenarioAssert.Parse(stdout));
    }

    [Fact]
    public async Task Show_of_a_scenario_without_levers_adds_a_commented_levers_block_before_its_targets()
    {
        var (_, stdout, _) = await CliRun.RunAsync("scenarios", "show", "baseline-2023");
        var lines = stdout.Split('\n');
        var block = Array.IndexOf(lines, "levers:");
        Assert.True(block > 0, stdout);
        var commented = lines.Skip(block + 1).TakeWhile(l => l.TrimStart().StartsWith('#')).ToList();
        Assert.Equal(LeverCatalog.All.Select(l => l.Name), commented.Select(l => AnnotatedScenarioText.CommentedLever().Match(l).Groups["name"].Value));
        Assert.Equal("targets:", lines[block + 1 + commented.Count]);
        Assert.Contains("  # sgmw_demand_growth: 5 ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_of_a_scenario_with_levers_comments_only_the_levers_it_leaves_out()
    {
        var (_, stdout, _) = await CliRun.RunAsync("scenarios", "show", "sgmw-125-boost");
        var lines = stdout.Split('\n');
        Assert.Single(lines, l => l == "levers:");
        var levers = Array.IndexOf(lines, "levers:");
        var commented = lines.Skip(levers + 1).TakeWhile(l => l.TrimStart().StartsWith('#')).ToList();
        Assert.Equal(LeverCatalog.All.Count - 3, commented.Count);
        Assert.Equal("  sgmw_demand_growth: 20", lines[levers + 1 + commented.Count]);
        Assert.DoesNotContain(commented, l => l.Contains("sgmw_demand_growth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_of_the_backtest_gives_the_defaults_of_its_own_base_year()
    {
        var (_, stdout, _) = await CliRun.RunAsync("scenarios", "show", "backtest-2022");
        Assert.Equal(2021, ScenarioLibrary.Load("backtest-2022").BaseYear);
        Assert.Contains("  # sgmw_demand_growth: -10.2 ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("default for base 2022", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("baseline-2099")]
    [InlineData("baseline")]
    public async Task Show_of_an_unknown_name_suggests_the_nearest_and_lists_the_built_ins(string name)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("scenarios", "show", name);
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains($"No built-in scenario '{name}' (did you mean 'baseline-2023'?)", stderr, StringComparison.Ordinal);
        Assert.All(ScenarioLibrary.Names, builtIn => Assert.Contains(builtIn, stderr, StringComparison.Ordinal));
    }
}
