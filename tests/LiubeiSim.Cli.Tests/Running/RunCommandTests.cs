using System.Text.Json.Nodes;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Tests.Scenarios;

namespace LiubeiSim.Cli.Tests.Running;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "liubeisim-run-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApplication.RunAsync(args, CliConsole.ForWriters(output, error), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_prints_the_summary_and_writes_the_three_files()
    {
        var outDir = Path.Combine(_directory, "baseline");
        var (exit, stdout, stderr) = await Run("run", "baseline-2023", "--engine", "inprocess", "--replications", "60", "--seed", "5", "--out", outDir);
        Assert.True(exit == 0, stderr);
        Assert.Contains("industrial_output", stdout, StringComparison.Ordinal);
        Assert.Contains("P(meet)", stdout, StringComparison.Ordinal);
        Assert.Contains("Type I multipliers", stdout, StringComparison.Ordinal);

        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "summary.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal("baseline-2023", (string?)summary["scenario"]);
        Assert.Equal(5UL, (ulong)summary["seed"]!);
        Assert.Equal(60, (int)summary["replications"]!);
        Assert.Equal("inprocess", (string?)summary["engine"]);
        Assert.Equal("2023-01", (string?)summary["horizon"]!["start"]);
        Assert.NotNull(summary["timings"]!["simulationSeconds"]);
        Assert.NotNull(summary["timings"]!["startupSeconds"]);
        Assert.NotNull(summary["timings"]!["replicationMonthsPerSecond"]);
        var indicators = summary["indicators"]!.AsArray();
        var ids = indicators.Select(i => (string)i!["id"]!).ToHashSet();
        foreach (var id in new[] { "gdp", "industrial_output", "industrial_value_added", "investment_disbursed", "outside_capital_in_place", "projects_introduced", "industrial_projects_introduced", "projects_started", "projects_completed", "guihuidai_loans", "rnd_spending", "high_tech_firms", "new_urban_jobs", "poverty_income_growth", "livelihood_spending_share" })
        {
            Assert.Contains(id, ids);
        }

        Assert.Contains(indicators, i => (string?)i!["id"] == "industrial_output" && (string?)i["scope"] == "auto_parts_machinery");
        foreach (var field in new[] { "id", "scope", "unit", "base", "p5", "p10", "p50", "p90", "p95", "mean" })
        {
            Assert.True(indicators[0]!.AsObject().ContainsKey(field), field);
        }

        var targets = summary["targets"]!.AsArray();
        Assert.Equal(6, targets.Count);
        Assert.All(targets, t => Assert.InRange((double)t!["probability"]!, 0, 1));

        var csv = await File.ReadAllLinesAsync(Path.Combine(outDir, "indicators.csv"), TestContext.Current.CancellationToken);
        Assert.Equal("month,indicator,scope,p5,p10,p50,p90,p95,mean", csv[0]);
        Assert.StartsWith("2023-01,gdp,district,", csv[1], StringComparison.Ordinal);
        Assert.Contains(csv, l => l.StartsWith("2023-12,industrial_output,auto_parts_machinery,", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(outDir, "targets.csv")));
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }

    [Fact]
    public async Task Equal_runs_give_equal_csv_bytes()
    {
        var a = Path.Combine(_directory, "a");
        var b = Path.Combine(_directory, "b");
        Assert.Equal(0, (await Run("run", "sgmw-125-boost", "--engine", "inprocess", "-r", "40", "--out", a)).Exit);
        Assert.Equal(0, (await Run("run", "sgmw-125-boost", "--engine", "inprocess", "-r", "40", "--out", b)).Exit);
        foreach (var file in new[] { "indicators.csv", "targets.csv" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(a, file), TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(Path.Combine(b, file), TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task An_invalid_scenario_stops_before_it_starts_with_the_validators_message()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(file, "name: bad\nbase: 2022\nhorizon:\n  start: 2023-01\n  months: 12\nreplications: 10\nseed: 1\nlevers:\n  sgmw_demand_growth: 900\n", TestContext.Current.CancellationToken);
        var outDir = Path.Combine(_directory, "never");
        var (exit, _, stderr) = await Run("run", file, "--engine", "inprocess", "--out", outDir);
        Assert.Equal(1, exit);
        Assert.Contains("bad.yaml:9:", stderr, StringComparison.Ordinal);
        Assert.Contains("levers.sgmw_demand_growth", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task A_bad_io_table_is_refused_with_its_file_and_line()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "io.csv");
        await File.WriteAllTextAsync(file, "supplier,tourism_equipment\nsteel,0.1\n", TestContext.Current.CancellationToken);
        var (exit, _, stderr) = await Run("run", "baseline-2023", "--engine", "inprocess", "-r", "10", "--io-table", file);
        Assert.Equal(1, exit);
        Assert.Contains("io.csv:1: header: missing column(s)", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inprocess")]
    [InlineData("orleans")]
    public async Task A_table_that_leaves_a_chain_no_final_demand_is_refused_before_the_run(string engine)
    {
        Directory.CreateDirectory(_directory);
        var chains = new[] { "tourism_equipment", "prefab_construction", "metal_processing_recycling", "modern_garment", "auto_parts_machinery", "other_industry" };
        var lines = new List<string> { "supplier," + string.Join(',', chains) };
        lines.AddRange(chains.Select(s => s + "," + string.Join(',', chains.Select(b => s == "modern_garment" && b == "other_industry" ? "0.2" : "0.01"))));
        lines.Add("value_added," + string.Join(',', chains.Select(_ => "0.25")));
        var file = Path.Combine(_directory, "greedy.csv");
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
        var (exit, _, stderr) = await Run("run", "baseline-2023", "--engine", engine, "-r", "10", "--io-table", file);
        Assert.Equal(1, exit);
        Assert.Contains("greedy.csv", stderr, StringComparison.Ordinal);
        Assert.Contains("modern_garment no final demand", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replications_out_of_range_are_refused()
    {
        var (exit, stdout, stderr) = await Run("run", "baseline-2023", "--engine", "inprocess", "-r", "0");
        Assert.Equal(1, exit);
        Assert.Contains("--replications: expected a whole number 1..1000000, got '0'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", stderr + stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seed", "abc", "--seed: expected a whole number 0..18446744073709551615, got 'abc'")]
    [InlineData("--seed", "-1", "--seed: expected a whole number 0..18446744073709551615, got '-1'")]
    [InlineData("--shards", "1.5", "--shards: expected a whole number 1..4096, got '1.5'")]
    public async Task Number_errors_name_the_option_and_its_range_never_a_dotnet_type(string option, string value, string message)
    {
        var (exit, stdout, stderr) = await Run("run", "baseline-2023", option, value);
        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stderr + stdout, StringComparison.Ordinal);
        Assert.Contains("See `liubeisim run --help`", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_path_that_is_a_file_is_refused_before_the_run()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "taken");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var (exit, _, stderr) = await Run("run", "baseline-2023", "--engine", "inprocess", "--out", file);

        Assert.Equal(1, exit);
        Assert.Contains($"{file}: is a file", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("running", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_the_summary_on_stdout_and_progress_on_stderr()
    {
        var (exit, stdout, stderr) = await Run("run", "baseline-2023", "--engine", "inprocess", "-r", "40", "--json", "--set", "levers.sgmw_demand_growth=20");

        Assert.Equal(0, exit);
        var summary = JsonNode.Parse(stdout)!;
        Assert.Equal(20.0, (double)summary["leversSet"]!["sgmw_demand_growth"]!);
        Assert.False(string.IsNullOrEmpty((string?)summary["toolVersion"]));
        Assert.Contains("running", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tables_fit_80_columns_with_whole_ids_and_counts_are_whole_numbers()
    {
        var (exit, output, _) = await CliRun.RunAtWidthAsync(80, "run", "sgmw-125-boost", "--engine", "inprocess", "-r", "50", "--all");

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= 80, $"wider than 80: '{line}'"));

        // Every indicator and entity is named by the id the CSV, summary.json and scenarios use, not a shortened one.
        Assert.Contains(lines, l => l.TrimStart().StartsWith("industrial_projects_introduced ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("   metal_processing_recycling ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("outside_capital_in_place ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains('…', StringComparison.Ordinal));
        var introduced = lines.Single(l => l.TrimStart().StartsWith("projects_introduced", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"\d\.\d", introduced);
        Assert.Contains(lines, l => l.StartsWith("   modern_garment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_users_io_table_changes_the_multipliers()
    {
        Directory.CreateDirectory(_directory);
        var chains = new[] { "tourism_equipment", "prefab_construction", "metal_processing_recycling", "modern_garment", "auto_parts_machinery", "other_industry" };
        var lines = new List<string> { "supplier," + string.Join(',', chains) };
        lines.AddRange(chains.Select(s => s + "," + string.Join(',', chains.Select(_ => "0.02"))));
        lines.Add("value_added," + string.Join(',', chains.Select(_ => "0.3")));
        var file = Path.Combine(_directory, "flat.csv");
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
        var outDir = Path.Combine(_directory, "flat");
        var (exit, stdout, stderr) = await Run("run", "baseline-2023", "--engine", "inprocess", "-r", "20", "--io-table", file, "--out", outDir);
        Assert.True(exit == 0, stderr);
        Assert.Contains("flat.csv", stdout, StringComparison.Ordinal);
        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "summary.json"), TestContext.Current.CancellationToken))!;
        var multiplier = (double)summary["ioTable"]!["typeIMultipliers"]![0]!["output"]!;
        Assert.Equal(1 / (1 - (6 * 0.02)), multiplier, 9);

        // Its value-added row is the chains' value-added ratio: 0.3 of base output, not the default table's 228.49 亿元.
        var valueAdded = summary["indicators"]!.AsArray().Single(i => (string)i!["id"]! == "industrial_value_added" && (string)i["scope"]! == "district")!;
        Assert.Equal(0.3 * (double)summary["indicators"]!.AsArray().Single(i => (string)i!["id"]! == "industrial_output" && (string)i["scope"]! == "district")!["base"]!, (double)valueAdded["base"]!, 6);
    }
}
