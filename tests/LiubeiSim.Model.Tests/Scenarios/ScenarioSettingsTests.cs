using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Scenarios;

/// <summary><c>--set</c> and the <c>assumptions:</c> block: validated like the file, recorded, and felt by the model.</summary>
public sealed class ScenarioSettingsTests
{
    private const string JobsPerOutput = "chain.auto_parts_machinery.jobs_per_output";

    private static ScenarioParseResult Baseline(params string[] settings) => ScenarioLibrary.Resolve("baseline-2023", settings);

    private static ScenarioProblem SingleProblem(ScenarioParseResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void A_lever_a_field_and_an_assumption_are_set_and_win_over_the_file()
    {
        var result = Baseline("levers.sgmw_demand_growth=20", "horizon.months=24", $"assumptions.{JobsPerOutput}=55", "replications=7", "seed=3");

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(20, result.Scenario.Levers["sgmw_demand_growth"]);
        Assert.Equal(24, result.Scenario.Months);
        Assert.Equal(7, result.Scenario.Replications);
        Assert.Equal(3UL, result.Scenario.Seed);
        Assert.Equal(55, result.Scenario.Assumptions[JobsPerOutput]);
    }

    [Fact]
    public void A_setting_lands_in_a_block_the_file_leaves_empty()
    {
        // `scenarios show` writes a bare `levers:` (no levers) above its commented lines: a setting must start it, as it
        // would an absent block, not be dropped.
        Assert.True(ScenarioLibrary.TryGetText("baseline-2023", out var yaml));
        var text = yaml.Replace("seed: 20230101", "seed: 20230101\nlevers:\nassumptions:", StringComparison.Ordinal);
        Assert.Contains("\nlevers:\n", text, StringComparison.Ordinal);

        var result = ScenarioParser.ParseText("empty-blocks", text, ["levers.sgmw_demand_growth=20", $"assumptions.{JobsPerOutput}=55"]);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(20, result.Scenario.Levers["sgmw_demand_growth"]);
        Assert.Equal(55, result.Scenario.Assumptions[JobsPerOutput]);
    }

    [Fact]
    public void The_last_of_two_settings_of_one_key_wins()
    {
        var result = Baseline("levers.sgmw_demand_growth=20", "levers.sgmw_demand_growth=30");

        Assert.Equal(30, result.Scenario!.Levers["sgmw_demand_growth"]);
    }

    [Theory]
    [InlineData("levers.sgmw_demand_grwth=5", "unknown lever", "sgmw_demand_growth")]
    [InlineData("levers.sgmw_demand_growth=500", "out of range", "-50 to 100")]
    [InlineData("levers.sgmw_demand_growth=abc", "expected a number", "-50 to 100")]
    [InlineData("horizon.month=24", "no field", "months")]
    [InlineData("horizn.months=24", "unknown key", "horizon")]
    [InlineData("sgmw_demand_growth=20", "unknown key 'sgmw_demand_growth' (did you mean 'levers.sgmw_demand_growth'?)", "levers.<lever>")]
    [InlineData("sgmw_demand_grwth=20", "(did you mean 'levers.sgmw_demand_growth'?)", "levers.<lever>")]
    [InlineData("months=24", "(did you mean 'horizon.months'?)", "horizon.months")]
    [InlineData("month=24", "(did you mean 'horizon.months'?)", "horizon.months")]
    [InlineData("sed=3", "(did you mean 'seed'?)", "seed")]
    [InlineData("shocks=[]", "is a list", "edit the file")]
    [InlineData("sgmw_demand_growth", "expected KEY=VALUE", "levers.<lever>")]
    [InlineData("assumptions.chain.auto_parts_machinery.jobs_per_outpt=55", "unknown figure", JobsPerOutput)]
    [InlineData($"assumptions.{JobsPerOutput}=.nan", "not a finite number", "people/亿元")]
    [InlineData($"assumptions.{JobsPerOutput}=-3", "out of range", "0 to 10000")]
    [InlineData("assumptions.model.ramp_months=6.5", "not a whole number", "whole number")]
    [InlineData("assumptions.chain.auto_parts_machinery.output_share=1.5", "out of range", "0 to 1")]
    [InlineData("assumptions.D2=0.3", "reported", "assumption figure id")]
    [InlineData("assumptions.district.industrial_output_2022=900", "derived", "assumption figure id")]
    [InlineData("assumptions.chain.auto_parts_machinery.lever=x", "a text", "assumption figure id")]
    [InlineData("assumptions.base.2022.lever.sgmw_demand_growth=150", "out of range", "lever sgmw_demand_growth")]
    public void A_bad_setting_is_one_problem_naming_the_setting_what_is_wrong_and_what_is_allowed(string setting, string message, string allowed)
    {
        var problem = SingleProblem(Baseline(setting));

        Assert.Equal($"--set {setting}", problem.File);
        Assert.Equal(0, problem.Line);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, problem.Message + problem.Allowed, StringComparison.Ordinal);
        Assert.StartsWith($"--set {setting}: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_that_contradict_the_data_are_refused_with_the_models_reason()
    {
        // Each share lies in [0, 1], but together they leave other industry a negative remainder.
        var problem = SingleProblem(Baseline("assumptions.chain.auto_parts_machinery.output_share=0.95"));

        Assert.Equal("assumptions", problem.Path);
        Assert.Contains("the model cannot run with these overrides", problem.Message, StringComparison.Ordinal);
        Assert.Contains("output_share", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_assumptions_block_of_a_file_is_read_like_a_setting()
    {
        var text = ScenarioLibrary.TryGetText("baseline-2023", out var yaml) ? yaml : throw new InvalidOperationException();
        var fromFile = ScenarioParser.ParseText("my.yaml", text + $"\nassumptions:\n  {JobsPerOutput}: 55\n");
        var fromSetting = Baseline($"assumptions.{JobsPerOutput}=55");

        Assert.True(fromFile.IsValid, string.Join("\n", fromFile.Problems));
        Assert.Equal(fromSetting.Scenario!.Assumptions, fromFile.Scenario.Assumptions);
    }

    [Fact]
    public void An_unknown_figure_in_the_file_is_located_at_its_line()
    {
        var text = ScenarioLibrary.TryGetText("baseline-2023", out var yaml) ? yaml : throw new InvalidOperationException();
        var lines = text.Split('\n').Length;
        var problem = SingleProblem(ScenarioParser.ParseText("my.yaml", text + "\nassumptions:\n  chain.auto_parts.jobs_per_output: 55\n"));

        Assert.Equal("my.yaml", problem.File);
        Assert.Equal(lines + 2, problem.Line);
        Assert.Contains("did you mean", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_reaches_the_parameters_and_the_figures_derived_from_it()
    {
        var scenario = Baseline($"assumptions.{JobsPerOutput}=55", "assumptions.outside.industrial_va_growth_2022=-5").Scenario!;
        var data = ModelParameters.WithScenarioOverrides(BaseYearDataset.Default, scenario);
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);

        Assert.Equal(55, parameters.Chains.Single(c => c.Id == "auto_parts_machinery").JobsPerOutput);
        var overridden = data.GetFigure(JobsPerOutput);
        Assert.Equal(FigureKind.Overridden, overridden.Kind);
        Assert.Contains("instead of 60", overridden.Source, StringComparison.Ordinal);

        // Output 2022 is derived from 2021's and the value-added growth: it follows the override, the shipped one does not move.
        var shipped = BaseYearDataset.Default.Number("district.industrial_output_2022");
        var expected = BaseYearDataset.Default.Number("district.industrial_output_2021") * (1 - 0.05);
        Assert.Equal(expected, data.Number("district.industrial_output_2022"), 12);
        Assert.NotEqual(shipped, data.Number("district.industrial_output_2022"));
        Assert.Equal(FigureKind.Assumption, BaseYearDataset.Default.GetFigure(JobsPerOutput).Kind);
    }

    [Fact]
    public void An_override_moves_the_outputs_it_should_and_only_through_the_model()
    {
        var plain = Baseline("replications=64").Scenario!;
        var fewer = Baseline("replications=64", $"assumptions.{JobsPerOutput}=30").Scenario!;

        var a = InProcessEngine.Run(plain, cancellationToken: TestContext.Current.CancellationToken);
        var b = InProcessEngine.Run(fewer, cancellationToken: TestContext.Current.CancellationToken);

        // Fewer jobs per unit of output: fewer people employed, the same output (jobs do not feed back to demand).
        Assert.True(b.End("employment").P50 < a.End("employment").P50);
        Assert.Equal(a.End("industrial_output").P50, b.End("industrial_output").P50);
    }
}

/// <summary>The resolved scenario a run records must read back as the same scenario, or it reproduces nothing.</summary>
public sealed class ScenarioYamlTests
{
    public static TheoryData<string> BuiltIns() => [.. ScenarioLibrary.Names];

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Every_built_in_with_settings_reads_back_as_itself(string name)
    {
        var scenario = ScenarioLibrary.Resolve(name, ["assumptions.chain.auto_parts_machinery.jobs_per_output=55.5", "levers.services_growth=3.3", "description=a \"quoted\": description # not a comment"]).Scenario! with { Name = "2023" }; // a valid name that reads as a number unless quoted

        var again = ScenarioParser.ParseText("resolved.yaml", ScenarioYaml.Write(scenario));

        Assert.True(again.IsValid, string.Join("\n", again.Problems) + "\n" + ScenarioYaml.Write(scenario));
        var copy = again.Scenario;
        Assert.Equal(ScenarioYaml.Write(scenario), ScenarioYaml.Write(copy));
        Assert.Equal((scenario.Name, scenario.Description, scenario.BaseYear, scenario.Start, scenario.Months, scenario.Replications, scenario.Seed), (copy.Name, copy.Description, copy.BaseYear, copy.Start, copy.Months, copy.Replications, copy.Seed));
        Assert.Equal(scenario.Levers.OrderBy(l => l.Key), copy.Levers.OrderBy(l => l.Key));
        Assert.Equal(scenario.Assumptions, copy.Assumptions);
        Assert.Equal(scenario.Shocks, copy.Shocks);
        Assert.Equal(scenario.Targets, copy.Targets);
    }
}

/// <summary>What a hostile reviewer got past validation, each now refused before any engine starts.</summary>
public sealed class ScenarioModelChecksTests
{
    private static ScenarioProblem SingleProblem(params string[] settings)
    {
        var result = ScenarioLibrary.Resolve("baseline-2023", settings);
        Assert.False(result.IsValid);
        return Assert.Single(result.Problems);
    }

    [Theory]
    [InlineData("assumptions.model.firm_size_tail=1", "firm-size tail must be above 1")]
    [InlineData("assumptions.model.construction_months_min=40", "must be in that order")]
    [InlineData("assumptions.model.construction_months_max=2", "must be in that order")]
    public void Overrides_the_model_cannot_run_are_refused_by_validation(string setting, string reason)
    {
        var problem = SingleProblem(setting);

        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Months_of_delay_are_whole()
    {
        var problem = SingleProblem("levers.project_delay_months=2.5");

        Assert.Contains("not a whole number", problem.Message, StringComparison.Ordinal);
        Assert.True(ScenarioLibrary.Resolve("baseline-2023", ["levers.project_delay_months=3"]).IsValid);
    }

    [Fact]
    public void A_growth_target_without_a_base_value_is_refused_at_its_line()
    {
        var text = ScenarioLibrary.TryGetText("baseline-2023", out var yaml) ? yaml : throw new InvalidOperationException();
        var lines = text.TrimEnd('\n').Split('\n').Length;
        var result = ScenarioParser.ParseText("my.yaml", text.TrimEnd('\n') + "\n  - name: Town incomes\n    indicator: poverty_income_growth\n    scope: shatang\n    direction: at-least\n    threshold: 5\n    measure: growth\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(lines + 6, problem.Line);
        Assert.Contains("needs a base-year 2022 value of poverty_income_growth (shatang)", problem.Message, StringComparison.Ordinal);
        Assert.Contains("measure: level", problem.Allowed, StringComparison.Ordinal);
    }
}
