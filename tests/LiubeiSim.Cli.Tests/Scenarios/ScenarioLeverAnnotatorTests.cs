using LiubeiSim.Cli.Scenarios;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Tests.Scenarios;

public sealed class ScenarioLeverAnnotatorTests
{
    private const string Head = "# What if?\nname: test\nbase: 2022\nhorizon:\n  start: 2023-01\n";
    private const string Targets = "targets:\n  - indicator: gdp\n    direction: at-least\n    threshold: 1\n";
    private const string Shocks = "shocks:\n  - target: liubei\n    variable: credit\n    from: 2023-01\n    months: 1\n    change: 5\n";

    public static TheoryData<string> BuiltIns => new(ScenarioLibrary.Names);

    private static string Annotate(string yaml) =>
        ScenarioLeverAnnotator.Annotate(yaml, ScenarioAssert.Parse(yaml), BaseYearDataset.Default);

    private static string[] Lines(string text) => text.Split('\n');

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Every_built_in_keeps_its_scenario_and_shows_every_lever_it_does_not_set(string name)
    {
        Assert.True(ScenarioLibrary.TryGetText(name, out var yaml));
        AnnotatedScenarioText.AssertValid(yaml, Annotate(yaml));
    }

    [Fact]
    public void Without_a_levers_section_a_commented_block_goes_just_before_targets()
    {
        var yaml = Head + Targets;
        var lines = Lines(Annotate(yaml));
        AnnotatedScenarioText.AssertValid(yaml, string.Join('\n', lines));

        var block = Array.IndexOf(lines, "levers:");
        Assert.Equal("  start: 2023-01", lines[block - 1]);
        Assert.Equal(LeverCatalog.All.Count, lines.Skip(block + 1).TakeWhile(l => l.TrimStart().StartsWith('#')).Count());
        Assert.Equal("targets:", lines[block + 1 + LeverCatalog.All.Count]);
    }

    [Fact]
    public void Without_a_levers_section_the_block_goes_before_shocks_when_shocks_come_first()
    {
        var yaml = Head + Shocks + Targets;
        var lines = Lines(Annotate(yaml));
        AnnotatedScenarioText.AssertValid(yaml, string.Join('\n', lines));
        Assert.Equal("shocks:", lines[Array.IndexOf(lines, "levers:") + 1 + LeverCatalog.All.Count]);
    }

    [Fact]
    public void Without_levers_shocks_or_targets_the_block_goes_at_the_end()
    {
        var yaml = Head + "seed: 7\n";
        var annotated = Annotate(yaml);
        AnnotatedScenarioText.AssertValid(yaml, annotated);
        Assert.StartsWith(yaml + "levers:\n", annotated, StringComparison.Ordinal);
        Assert.EndsWith("\n", annotated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_final_newline_gets_one_after_the_block()
    {
        var yaml = Head + "seed: 7";
        var annotated = Annotate(yaml);
        AnnotatedScenarioText.AssertValid(yaml, annotated);
        Assert.StartsWith(yaml + "\nlevers:\n", annotated, StringComparison.Ordinal);
        Assert.EndsWith("\n", annotated, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_levers_section_the_commented_lines_go_right_under_it_and_set_levers_stay_as_they_are()
    {
        var yaml = Head + "levers:   # what we change\n  sgmw_demand_growth: 20   # more orders\n  project_delay_months: 3\n" + Targets;
        var lines = Lines(Annotate(yaml));
        AnnotatedScenarioText.AssertValid(yaml, string.Join('\n', lines));

        var levers = Array.IndexOf(lines, "levers:   # what we change");
        var commented = lines.Skip(levers + 1).TakeWhile(l => l.TrimStart().StartsWith('#')).ToList();
        Assert.Equal(LeverCatalog.All.Count - 2, commented.Count);
        Assert.DoesNotContain("levers:", lines);
        Assert.Equal("  sgmw_demand_growth: 20   # more orders", lines[levers + 1 + commented.Count]);
        Assert.StartsWith("  # outside_capital_growth: 5 ", commented[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Commented_lines_follow_the_indentation_of_the_levers_section()
    {
        var yaml = Head + "levers:\n    sgmw_demand_growth: 20\n" + Targets;
        var annotated = Annotate(yaml);
        AnnotatedScenarioText.AssertValid(yaml, annotated);
        Assert.Contains("\n    # outside_capital_growth: 5 ", annotated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flow_levers_mapping_gets_the_lines_after_its_closing_brace()
    {
        var yaml = Head + "levers: {sgmw_demand_growth: 20,\n  nev_transition_share: 40}\n" + Targets;
        var lines = Lines(Annotate(yaml));
        AnnotatedScenarioText.AssertValid(yaml, string.Join('\n', lines));
        Assert.StartsWith("  # outside_capital_growth: ", lines[Array.IndexOf(lines, "  nev_transition_share: 40}") + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Each_line_shows_unit_range_default_for_the_base_year_and_what_the_lever_is()
    {
        var lines = Lines(Annotate(Head + Targets));
        Assert.Contains(lines, l => l.StartsWith("  # sgmw_demand_growth: 5 ", StringComparison.Ordinal)
            && l.EndsWith("# % [-50, 100] default for base 2022; Growth of final demand for auto parts and machinery from SGMW", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  # new_projects_per_year: 56 ", StringComparison.Ordinal)
            && l.Contains("# count/year [0, 500] default for base 2022;", StringComparison.Ordinal));

        // The values line up, so the block reads as a table.
        var commentColumns = lines.Where(l => AnnotatedScenarioText.CommentedLever().IsMatch(l)).Select(l => l.IndexOf("  # ", StringComparison.Ordinal)).Distinct();
        Assert.Single(commentColumns);
    }

    [Fact]
    public void Base_2021_lines_carry_the_backtest_defaults_exactly()
    {
        var yaml = Head.Replace("base: 2022", "base: 2021", StringComparison.Ordinal).Replace("2023-01", "2022-01", StringComparison.Ordinal) + Targets;
        var annotated = Annotate(yaml);
        AnnotatedScenarioText.AssertValid(yaml, annotated);
        Assert.Contains("  # sgmw_demand_growth: -10.2 ", annotated, StringComparison.Ordinal);
        Assert.Contains("default for base 2021;", annotated, StringComparison.Ordinal);
        Assert.DoesNotContain("default for base 2022;", annotated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crlf_file_stays_crlf()
    {
        var yaml = (Head + "levers:\n  sgmw_demand_growth: 20\n" + Targets).Replace("\n", "\r\n", StringComparison.Ordinal);
        var annotated = Annotate(yaml);
        AnnotatedScenarioText.AssertValid(yaml, annotated);
        Assert.DoesNotContain('\n', annotated.Replace("\r\n", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void The_block_never_joins_the_top_comment_block_that_describes_the_scenario()
    {
        // Targets first, right under the description: without a blank line the block would become part of the description.
        var yaml = "# What if?\n" + Targets + "name: test\nbase: 2022\nhorizon:\n  start: 2023-01\n";
        var annotated = Annotate(yaml);
        AnnotatedScenarioText.AssertValid(yaml, annotated);
        Assert.StartsWith("# What if?\n\nlevers:\n", annotated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_that_sets_every_lever_is_unchanged()
    {
        var levers = string.Concat(LeverCatalog.All.Select(l => $"  {l.Name}: {l.Min}\n"));
        var yaml = Head + "levers:\n" + levers + Targets;
        Assert.Equal(yaml, Annotate(yaml));
    }

    [Fact]
    public void An_empty_levers_section_gets_the_lines_under_it()
    {
        var yaml = Head + "levers:\n" + Targets;
        var lines = Lines(Annotate(yaml));
        AnnotatedScenarioText.AssertValid(yaml, string.Join('\n', lines));
        Assert.StartsWith("  # outside_capital_growth: ", lines[Array.IndexOf(lines, "levers:") + 1], StringComparison.Ordinal);
    }
}
