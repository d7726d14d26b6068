using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Scenarios;

public sealed class ScenarioLibraryTests
{
    private static readonly string[] Expected = ["backtest-2022", "baseline-2023", "investment-slump", "project-delays", "sgmw-125-boost"];

    public static TheoryData<string> BuiltIns => new(Expected);

    [Fact]
    public void Names_are_the_five_built_ins_sorted() => Assert.Equal(Expected, ScenarioLibrary.Names);

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Every_built_in_is_valid_and_named_after_its_file(string name)
    {
        Assert.True(ScenarioLibrary.TryGetText(name, out var yaml));
        var scenario = ScenarioTestText.AssertValid(ScenarioParser.ParseText(name, yaml));
        Assert.Equal(name, scenario.Name);
        Assert.Equal(name, ScenarioLibrary.Load(name).Name);
        Assert.StartsWith("#", yaml, StringComparison.Ordinal);

        // The comment block is the description: several lines, the first one a question.
        Assert.True(scenario.Description.Split('\n').Length >= 4, scenario.Description);
        Assert.EndsWith("?", scenario.Description.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal(1000, scenario.Replications);
        Assert.Equal(12, scenario.Months);
    }

    [Fact]
    public void A_file_that_keeps_a_built_in_s_name_with_other_contents_is_found_and_a_plain_copy_is_not()
    {
        var directory = Path.Combine(Path.GetTempPath(), "liubeisim-shared-name-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            Assert.True(ScenarioLibrary.TryGetText("baseline-2023", out var yaml));
            var copy = Write("copy.yaml", "# a copy, comments changed\n" + yaml);
            var edited = Write("edited.yaml", yaml.Replace("  months: 12", "  months: 6", StringComparison.Ordinal));
            var renamed = Write("renamed.yaml", yaml.Replace("  months: 12", "  months: 6", StringComparison.Ordinal).Replace("name: baseline-2023", "name: baseline-six-months", StringComparison.Ordinal));
            var resized = Write("resized.yaml", yaml.Replace("seed: 20230101", "seed: 7", StringComparison.Ordinal).Replace("replications: 1000", "replications: 5000", StringComparison.Ordinal));
            Assert.Contains("months: 6", File.ReadAllText(edited), StringComparison.Ordinal);
            Assert.Contains("replications: 5000", File.ReadAllText(resized), StringComparison.Ordinal);

            Assert.Equal("baseline-2023", Shared(edited));
            Assert.Null(Shared(copy));
            Assert.Null(Shared(renamed));

            // Replications and seed are a run's own options: a saved resolvedScenario of `run baseline-2023 -r 5000`.
            Assert.Null(Shared(resized));

            // Settings count as the file's own: the same settings on the built-in, a new name, or the built-in's name.
            Assert.Null(Shared(copy, "levers.sgmw_demand_growth=20"));
            Assert.Null(Shared(edited, "name=mine"));
            Assert.Equal("baseline-2023", Shared(renamed, "name=baseline-2023"));
            Assert.Null(Shared("baseline-2023", "horizon.months=6"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        string Write(string file, string text)
        {
            var path = Path.Combine(directory, file);
            File.WriteAllText(path, text);
            return path;
        }

        static string? Shared(string nameOrPath, params string[] settings)
        {
            var resolved = ScenarioLibrary.Resolve(nameOrPath, settings);
            Assert.True(resolved.IsValid, string.Join("; ", resolved.Problems));
            return ScenarioLibrary.SharedBuiltInName(nameOrPath, resolved.Scenario, settings);
        }
    }

    [Fact]
    public void Baseline_asks_the_2023_targets_with_default_levers()
    {
        var s = ScenarioLibrary.Load("baseline-2023");
        Assert.Equal(2022, s.BaseYear);
        Assert.Equal(new YearMonth(2023, 1), s.Start);
        Assert.Empty(s.Levers);
        Assert.Empty(s.Shocks);
        Assert.Equal(
            ["industrial_output", "new_urban_jobs", "rnd_spending", "outside_capital_in_place", "high_tech_firms", "projects_introduced"],
            s.Targets.Select(t => t.Indicator));
        var revival = s.Targets[0];
        Assert.Equal(("Industrial revival", TargetMeasure.Growth, 5.0, TargetDirection.AtLeast), (revival.Name, revival.Measure, revival.Threshold, revival.Direction));
        Assert.Equal([5, 10700, 7.0, 98.9, 60, 56], s.Targets.Select(t => t.Threshold));
        Assert.All(s.Targets, t => Assert.Equal("district", t.Scope));
    }

    [Fact]
    public void Backtest_starts_from_2021_with_the_reported_2022_values()
    {
        var s = ScenarioLibrary.Load("backtest-2022");
        Assert.Equal(2021, s.BaseYear);
        Assert.Equal(new YearMonth(2022, 1), s.Start);

        // Its targets are the figures the model computes, each at the value the dataset holds for 2022.
        var data = Model.District.BaseYearDataset.Default;
        Assert.Equal(
            [
                ("investment_disbursed", data.Number("base.2022.fixed_asset_investment")),
                ("industrial_investment", data.Number("base.2022.industrial_investment")),
                ("projects_started", data.Number("base.2022.projects_started")),
                ("projects_completed", data.Number("base.2022.projects_completed")),
                ("industrial_value_added", data.Number("outside.industrial_va_2022")),
                ("gdp", data.Number("outside.gdp_2022")),
                ("new_urban_jobs", data.Number("D17")),
                ("high_tech_firms", data.Number("D9")),
                ("group_schooling_coverage", data.Number("D18")),
            ],
            s.Targets.Select(t => (t.Indicator, t.Threshold)));
    }

    [Fact]
    public void Every_built_in_scenario_uses_the_same_seed_so_any_two_compare_with_common_random_numbers()
    {
        var seeds = ScenarioLibrary.Names.Select(name => ScenarioLibrary.Load(name).Seed).Distinct().ToList();
        Assert.Single(seeds);
    }

    [Fact]
    public void Sgmw_boost_sets_three_levers_and_a_demand_shock()
    {
        var s = ScenarioLibrary.Load("sgmw-125-boost");
        Assert.Equal([("sgmw_demand_growth", 20.0), ("liugang_auto_steel_growth", 10.0), ("nev_transition_share", 50.0)], s.Levers.Select(kv => (kv.Key, kv.Value)));
        var shock = Assert.Single(s.Shocks);
        Assert.Equal(new Shock("SGMW ramp-up", "auto_parts_machinery", ShockVariable.Demand, new YearMonth(2023, 4), 6, 10), shock);
        Assert.Equal(6, s.Targets.Count);
    }

    [Fact]
    public void Project_delays_and_investment_slump_have_their_shocks()
    {
        var delays = ScenarioLibrary.Load("project-delays");
        Assert.Equal(6, delays.Levers["project_delay_months"]);
        Assert.Equal(["boqiang_phase2", "garment_park_phase3"], delays.Shocks.Select(x => x.Target));
        Assert.All(delays.Shocks, x => Assert.Equal((ShockVariable.Delay, 6.0), (x.Variable, x.Change)));

        var slump = ScenarioLibrary.Load("investment-slump");
        Assert.Equal([("outside_capital_growth", -40.0), ("new_projects_per_year", 35.0)], slump.Levers.Select(kv => (kv.Key, kv.Value)));
        var credit = Assert.Single(slump.Shocks);
        Assert.Equal(("liubei", ShockVariable.Credit, new YearMonth(2023, 1), 6, -30.0), (credit.Target, credit.Variable, credit.From, credit.Months, credit.Change));
    }

    [Fact]
    public void Unknown_built_in_is_not_found()
    {
        Assert.False(ScenarioLibrary.TryGetText("nope", out _));
        Assert.Throws<KeyNotFoundException>(() => ScenarioLibrary.Load("nope"));
    }

    [Fact]
    public void Resolve_prefers_an_existing_file_then_a_built_in_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"liubeisim-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, ScenarioTestText.Minimal);
            var fromFile = ScenarioLibrary.Resolve(path);
            Assert.Equal("test", ScenarioTestText.AssertValid(fromFile).Name);

            Assert.Equal("baseline-2023", ScenarioTestText.AssertValid(ScenarioLibrary.Resolve("baseline-2023")).Name);
            Assert.Equal("baseline-2023", ScenarioTestText.AssertValid(ScenarioLibrary.Resolve("baseline-2023.yaml")).Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Resolve_of_neither_a_file_nor_a_built_in_lists_the_names()
    {
        var result = ScenarioLibrary.Resolve("baseline-2024");
        var problem = Assert.Single(result.Problems);
        Assert.Null(result.Scenario);
        Assert.StartsWith($"baseline-2024: (document): not a built-in scenario (did you mean 'baseline-2023'?), and no file of that name in {Path.GetFullPath(".")};", problem.ToString(), StringComparison.Ordinal);
        Assert.All(Expected, name => Assert.Contains(name, problem.Allowed, StringComparison.Ordinal));
    }
}
