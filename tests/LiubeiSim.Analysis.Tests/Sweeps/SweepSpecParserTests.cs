using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Analysis.Tests.Tables;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Tests.Sweeps;

public sealed class SweepSpecParserTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private SweepSpecParseResult Parse(string yaml, string file = "spec.yaml")
    {
        var path = _folder.Sub(file);
        File.WriteAllText(path, yaml);
        return SweepSpecParser.ParseFile(path);
    }

    private static ScenarioProblem Single(SweepSpecParseResult result, string path)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Problems, p => p.Path == path);
    }

    [Fact]
    public void A_grid_spec_gives_every_combination_as_settings_over_the_base()
    {
        var result = Parse("""
            base: baseline-2023
            replications: 40
            seed: 7
            factors:
              levers.sgmw_demand_growth: [0, 10, 20]
              levers.project_delay_months: {min: 0, max: 12, steps: 4}
            outputs: [industrial_output, industrial_output@auto_parts_machinery, new_urban_jobs]
            """);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var spec = result.Spec!;
        Assert.Equal(SweepDesignKind.Grid, spec.Design);
        Assert.Equal(["levers.sgmw_demand_growth", "levers.project_delay_months"], spec.FactorNames);
        Assert.Equal(["industrial_output", "industrial_output@auto_parts_machinery", "new_urban_jobs"], spec.Outputs.Select(o => o.Label));

        var points = spec.Points();
        Assert.Equal(12, points.Count);
        Assert.Equal(["levers.sgmw_demand_growth=10", "levers.project_delay_months=8", "replications=40", "seed=7"], points[6].Settings);

        var scenario = points[6].Resolve().Scenario!;
        Assert.Equal(10, scenario.Levers[LeverCatalog.SgmwDemandGrowth]);
        Assert.Equal(8, scenario.Levers[LeverCatalog.ProjectDelayMonths]);
        Assert.Equal(40, scenario.Replications);
        Assert.Equal(7UL, scenario.Seed);
    }

    [Fact]
    public void Replications_and_seed_default_to_the_base_scenarios()
    {
        var spec = Parse("base: baseline-2023\nfactors:\n  levers.sgmw_demand_growth: [0, 10]\n").Spec!;
        Assert.Equal(1000, spec.Replications);
        Assert.Equal(20230101UL, spec.Seed);
        Assert.Empty(spec.Outputs);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_line_column_and_what_is_allowed()
    {
        var result = Parse("""
            base: baseline-2023
            replcations: 500
            factors:
              levers.sgmw_demand_grwth: [0, 10]
              levers.project_delay_months: {min: 0, max: 30, steps: 4}
              assumptions.chain.auto_parts_machinery.jobs_per_output: [-3, 60]
              seed: [1, 2]
            outputs: [industrial_outptu]
            """);

        Assert.False(result.IsValid);
        Assert.All(result.Problems, p => Assert.EndsWith("spec.yaml", p.File, StringComparison.Ordinal));

        var unknownField = Single(result, "replcations");
        Assert.Equal((2, 1), (unknownField.Line, unknownField.Column));
        Assert.Contains("did you mean 'replications'?", unknownField.Message, StringComparison.Ordinal);

        var lever = Single(result, "factors.levers.sgmw_demand_grwth");
        Assert.Equal(4, lever.Line);
        Assert.Contains("unknown lever 'sgmw_demand_grwth' (did you mean 'sgmw_demand_growth'?)", lever.Message, StringComparison.Ordinal);

        var range = Single(result, "factors.levers.project_delay_months.max");
        Assert.Equal(5, range.Line);
        Assert.Contains("30 is out of range", range.Message, StringComparison.Ordinal);
        Assert.Contains("from 0 to 24", range.Allowed, StringComparison.Ordinal);

        // Long keys are shortened in the path, as in scenario problems; the line and column say where.
        var assumption = Assert.Single(result.Problems, p => p.Line == 6);
        Assert.Equal(60, assumption.Column);
        Assert.StartsWith("factors.assumptions.chain.", assumption.Path, StringComparison.Ordinal);
        Assert.Contains("-3 is out of range", assumption.Message, StringComparison.Ordinal);
        Assert.Contains("from 0 to 10000", assumption.Allowed, StringComparison.Ordinal);

        var seed = Single(result, "factors.seed");
        Assert.Contains("common random numbers", seed.Message, StringComparison.Ordinal);

        var output = Single(result, "outputs[0]");
        Assert.Contains("did you mean 'industrial_output'?", output.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_number_field_refuses_grid_steps_that_fall_between_whole_values()
    {
        var result = Parse("""
            base: baseline-2023
            factors:
              levers.project_delay_months: {min: 1, max: 12, steps: 4}
            """);
        var steps = Single(result, "factors.levers.project_delay_months.steps");
        Assert.Equal(3, steps.Line);
        Assert.Contains("4 steps from 1 to 12 give 4.667", steps.Message, StringComparison.Ordinal);
        Assert.Contains("not a whole number", steps.Message, StringComparison.Ordinal);

        Assert.True(Parse("base: baseline-2023\nfactors:\n  levers.project_delay_months: {min: 3, max: 12, steps: 4}\n").IsValid);
    }

    [Fact]
    public void A_sampled_design_rounds_a_whole_number_field_and_records_the_value_run()
    {
        var result = Parse("""
            base: baseline-2023
            design: lhs
            samples: 10
            factors:
              levers.project_delay_months: {min: 0, max: 12}
              levers.sgmw_demand_growth: {min: 0, max: 30}
            """);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var points = result.Spec!.Points();
        Assert.Equal(10, points.Count);
        Assert.All(points, p =>
        {
            var months = p.Values["levers.project_delay_months"];
            Assert.Equal(Math.Floor(months), months);
            Assert.Equal(months, p.Resolve().Scenario!.Levers["project_delay_months"]);
        });
        Assert.Contains(points, p => p.Values["levers.sgmw_demand_growth"] != Math.Floor(p.Values["levers.sgmw_demand_growth"]));
    }

    [Fact]
    public void The_horizon_is_not_a_factor()
    {
        var problem = Single(Parse("base: baseline-2023\nfactors:\n  horizon.months: [12, 24]\n"), "factors.horizon.months");

        Assert.Contains("one horizon", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_belong_to_lhs_and_sobol_and_they_need_them()
    {
        var grid = Parse("base: baseline-2023\nsamples: 8\nfactors:\n  levers.sgmw_demand_growth: [0, 10]\n");
        Assert.Contains("samples is for lhs and sobol", Single(grid, "samples").Message, StringComparison.Ordinal);

        var sobol = Parse("base: baseline-2023\ndesign: sobol\nfactors:\n  levers.sgmw_demand_growth: {min: 0, max: 10}\n");
        Assert.Contains("needs samples", Single(sobol, "design").Message, StringComparison.Ordinal);

        var steps = Parse("base: baseline-2023\ndesign: lhs\nsamples: 4\nfactors:\n  levers.sgmw_demand_growth: {min: 0, max: 10, steps: 3}\n");
        Assert.Contains("steps is for a grid", Single(steps, "factors.levers.sgmw_demand_growth.steps").Message, StringComparison.Ordinal);

        var design = Parse("base: baseline-2023\ndesign: sobl\nfactors:\n  levers.sgmw_demand_growth: [0, 10]\n");
        Assert.Contains("did you mean 'sobol'?", Single(design, "design").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_file_is_found_beside_the_spec_and_its_own_problems_are_listed_in_it()
    {
        Directory.CreateDirectory(_folder.Sub("specs"));
        File.WriteAllText(_folder.Sub("specs/mine.yaml"), "name: mine\nbase: 2022\nhorizon:\n  start: 2023-01\nlevers:\n  sgmw_demand_growth: 10\n");
        var good = Parse("base: mine.yaml\nfactors:\n  levers.project_delay_months: [0, 6]\n", "specs/spec.yaml");
        Assert.True(good.IsValid, string.Join("\n", good.Problems));
        Assert.Equal(10, good.Spec!.Points()[1].Resolve().Scenario!.Levers[LeverCatalog.SgmwDemandGrowth]);

        File.WriteAllText(_folder.Sub("specs/broken.yaml"), "name: broken\nbase: 2022\nhorizon:\n  start: 2023-01\nlevers:\n  sgmw_demand_growth: 500\n");
        var bad = Parse("base: broken.yaml\nfactors:\n  levers.project_delay_months: [0, 6]\n", "specs/spec.yaml");
        Assert.Contains("is not valid (1 problem", Single(bad, "base").Message, StringComparison.Ordinal);
        var inBase = Assert.Single(bad.Problems, p => p.File.EndsWith("broken.yaml", StringComparison.Ordinal));
        Assert.Equal((6, 23), (inBase.Line, inBase.Column));

        var missing = Parse("base: baseline-2032\nfactors:\n  levers.project_delay_months: [0, 6]\n");
        Assert.Contains("did you mean 'baseline-2023'?", Single(missing, "base").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_too_large_to_run_is_refused_with_its_shape()
    {
        var result = Parse("""
            base: baseline-2023
            factors:
              levers.sgmw_demand_growth: {min: 0, max: 10, steps: 1000}
              levers.services_growth: {min: 0, max: 12, steps: 1000}
            """);
        var problem = Single(result, "factors");
        Assert.Contains("1,000,000 points", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_files_with_factors_are_sweep_specs()
    {
        File.WriteAllText(_folder.Sub("scenario.yaml"), "name: x\nbase: 2022\nhorizon:\n  start: 2023-01\n");
        File.WriteAllText(_folder.Sub("spec.yaml"), "base: baseline-2023\nfactors:\n  levers.sgmw_demand_growth: [0]\n");
        Assert.False(SweepSpecParser.IsSweepSpec(_folder.Sub("scenario.yaml")));
        Assert.True(SweepSpecParser.IsSweepSpec(_folder.Sub("spec.yaml")));
        Assert.False(SweepSpecParser.IsSweepSpec(_folder.Sub("absent.yaml")));
    }
}
