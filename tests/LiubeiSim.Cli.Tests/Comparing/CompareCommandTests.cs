using System.Text.Json.Nodes;
using LiubeiSim.Cli.Tests.Scenarios;

namespace LiubeiSim.Cli.Tests.Comparing;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "liubeisim-compare-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static Task<(int Exit, string Out, string Err)> Run(int width, params string[] args) => CliRun.RunAtWidthAsync(width, args);

    [Fact]
    public async Task Compare_prints_an_80_column_table_and_writes_every_file()
    {
        var outDir = Path.Combine(_directory, "cmp");

        var (exit, stdout, stderr) = await Run(80, "compare", "baseline-2023", "sgmw-125-boost", "-r", "60", "--out", outDir);

        Assert.True(exit == 0, stderr);
        Assert.All(stdout.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"wider than 80: '{line}'"));
        Assert.Contains("Industrial revival", stdout, StringComparison.Ordinal);
        Assert.Contains("P(B>A)", stdout, StringComparison.Ordinal);
        foreach (var file in new[] { "compare.csv", "compare-monthly.csv", "compare.json", "a/summary.json", "a/indicators.csv", "b/targets.csv" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        }

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "compare.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal("baseline-2023", (string?)json["a"]!["scenario"]);
        Assert.Equal("sgmw-125-boost", (string?)json["b"]!["scenario"]);
        Assert.True((bool)json["paired"]!);
    }

    [Theory]
    [InlineData(80, "ind_projects_introduced")]
    [InlineData(86, "industrial_projects_introduced")]
    [InlineData(120, "industrial_projects_introduced")]
    public async Task Compare_names_every_indicator_whole_where_the_terminal_has_room(int width, string introduced)
    {
        var (exit, stdout, stderr) = await Run(width, "compare", "baseline-2023", "sgmw-125-boost", "-r", "20");

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= width, $"wider than {width}: '{line}'"));
        Assert.Contains(lines, l => l.TrimStart().StartsWith(introduced + " ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("metal_processing_recycling ", StringComparison.Ordinal) == (width > 80));

        // Shortened names and the "=" of untouched rows (the SGMW boost leaves the garment chain as it is) are explained.
        Assert.True(width == 80 == stdout.Contains("Names shortened to fit; 86+ columns or --format md/csv show them whole.", StringComparison.Ordinal), stdout);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("modern_garment ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" =", StringComparison.Ordinal));
        Assert.Contains("= under P(B>A): B equals A in every replication", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_scenario_is_compared_against_its_control_and_set_lands_on_it()
    {
        var (exit, stdout, stderr) = await Run(160, "compare", "baseline-2023", "--set", "levers.sgmw_demand_growth=40", "-r", "40", "--format", "json");

        Assert.True(exit == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("baseline-2023-control", (string?)json["a"]!["scenario"]);
        Assert.Contains("sgmw_demand_growth: 40", (string?)json["b"]!["resolvedScenario"], StringComparison.Ordinal);
        var output = json["indicators"]!.AsArray().Single(i => (string?)i!["indicator"] == "industrial_output" && (string?)i["scope"] == "district")!;
        Assert.True((double)output["diff_p50"]! > 0);
        Assert.Equal(1.0, (double)output["prob_b_greater"]!);
    }

    [Fact]
    public async Task An_output_path_that_is_a_file_is_refused_before_anything_runs()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "taken");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var (exit, _, stderr) = await Run(160, "compare", "baseline-2023", "sgmw-125-boost", "--out", file);

        Assert.Equal(1, exit);
        Assert.Contains($"{file}: is a file", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("running", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_names_itself_and_nothing_runs()
    {
        var (exit, _, stderr) = await Run(160, "compare", "baseline-2023", "sgmw-125-boost", "--set-a", "levers.sgmw_demand_growth=900");

        Assert.Equal(1, exit);
        Assert.Contains("--set-a levers.sgmw_demand_growth=900: levers.sgmw_demand_growth: 900 is out of range", stderr, StringComparison.Ordinal);
        Assert.Contains("1 problem in the scenario and its --set values.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("running", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Horizons_that_differ_are_refused_with_the_option_for_each_side()
    {
        // --set alone lands on B: the refusal must say how to give A the same horizon, then both run.
        var (exit, _, stderr) = await Run(160, "compare", "baseline-2023", "investment-slump", "-r", "30", "--set", "horizon.months=24");

        Assert.Equal(1, exit);
        Assert.Contains("baseline-2023 runs 2023-01..2023-12 and investment-slump runs 2023-01..2024-12", stderr, StringComparison.Ordinal);
        Assert.Contains("--set-a horizon.months=N sets A's horizon, --set horizon.months=N sets B's", stderr, StringComparison.Ordinal);

        var (both, _, bothErr) = await Run(160, "compare", "baseline-2023", "investment-slump", "-r", "30", "--set", "horizon.months=24", "--set-a", "horizon.months=24");
        Assert.True(both == 0, bothErr);

        // Another base year is no horizon a setting can fix: no hint about one.
        var (years, _, yearsErr) = await Run(160, "compare", "baseline-2023", "backtest-2022", "-r", "30");
        Assert.Equal(1, years);
        Assert.Contains("compare scenarios of one base year.", yearsErr, StringComparison.Ordinal);
        Assert.DoesNotContain("horizon.months", yearsErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_and_csv_forms_go_to_stdout()
    {
        var (exit, md, _) = await Run(160, "compare", "baseline-2023", "sgmw-125-boost", "-r", "30", "--format", "md");
        var (exitCsv, csv, _) = await Run(160, "compare", "baseline-2023", "sgmw-125-boost", "-r", "30", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal(0, exitCsv);
        Assert.Contains("| indicator | scope | unit | A P50 | B P50 | B−A P50 | B−A P10..P90 | P(B>A) |", md, StringComparison.Ordinal);
        Assert.StartsWith("indicator,scope,unit,a_p50,b_p50,diff_p10,diff_p50,diff_p90,prob_b_greater", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_that_would_be_ignored_are_refused_and_a_settings_problem_names_its_option()
    {
        var (oneExit, _, oneError) = await Run(160, "compare", "baseline-2023", "--set-a", "levers.sgmw_demand_growth=20");
        var (seedExit, _, seedError) = await Run(160, "compare", "baseline-2023", "baseline-2023", "--set", "seed=77");
        var (bothExit, _, bothError) = await Run(160, "compare", "baseline-2023", "baseline-2023", "--set-a", "levers.bogus=1", "--set", "levers.other=2");

        Assert.Equal(1, oneExit);
        Assert.Contains("--set-a: with one scenario, A is its control", oneError, StringComparison.Ordinal);
        Assert.Equal(1, seedExit);
        Assert.Contains("use --seed and -r", seedError, StringComparison.Ordinal);
        Assert.Equal(1, bothExit);
        Assert.Contains("--set-a levers.bogus=1: levers.bogus", bothError, StringComparison.Ordinal);
        Assert.Contains("--set levers.other=2: levers.other", bothError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_escapes_a_pipe_in_a_target_name()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "piped.yaml");
        await File.WriteAllTextAsync(file, "name: piped\nbase: 2022\nhorizon:\n  start: 2023-01\n  months: 12\ntargets:\n  - name: \"a | <b>c</b>\"\n    indicator: gdp\n    direction: at-least\n    threshold: 1\n", TestContext.Current.CancellationToken);

        var (exit, md, error) = await Run(160, "compare", "baseline-2023", file, "-r", "20", "--format", "md");

        Assert.True(exit == 0, error);
        Assert.Contains("| a \\| &lt;b&gt;c&lt;/b&gt; |", md, StringComparison.Ordinal);
    }
}
