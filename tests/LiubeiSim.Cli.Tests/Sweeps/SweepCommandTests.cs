using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Tests.Scenarios;

namespace LiubeiSim.Cli.Tests.Sweeps;

public sealed class SweepCommandTests : IDisposable
{
    private const string Spec = """
        base: baseline-2023
        replications: 40
        seed: 11
        factors:
          levers.sgmw_demand_growth: [0, 20, 40]
          levers.project_delay_months: {min: 0, max: 12, steps: 2}
        outputs: [industrial_output, new_urban_jobs]
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "liubeisim-sweep-" + Guid.NewGuid().ToString("N"));

    public SweepCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Dictionary<string, string> Hashes(string directory) =>
        new[] { "points", "indicators", "targets" }
            .Select(t => Directory.EnumerateFiles(directory, t + ".*").Single())
            .ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public async Task A_sweep_writes_the_tables_and_sweep_json_and_prints_a_row_per_point()
    {
        var spec = Write("spec.yaml", Spec);
        var outDir = Path.Combine(_directory, "out");
        var (exit, stdout, stderr) = await CliRun.RunAsync("sweep", spec, "--out", outDir, "--engine", "inprocess", "--parallel", "2");
        Assert.True(exit == 0, stderr);

        foreach (var file in new[] { "points.parquet", "indicators.parquet", "targets.parquet", "sweep.json" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        }

        Assert.False(Directory.Exists(Path.Combine(outDir, "parts")));
        Assert.False(Directory.Exists(Path.Combine(outDir, ".sweep")));

        Assert.Contains("industrial", stdout, StringComparison.Ordinal);
        Assert.Contains("new urban", stdout, StringComparison.Ordinal);
        Assert.Contains("replication-months/s", stdout, StringComparison.Ordinal);
        var rows = stdout.Split('\n').Where(l => IsPointRow(l)).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Contains("6 points × 40 replications × 12 months", stderr, StringComparison.Ordinal);

        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "sweep.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal(6, (int)report["points"]!);
        Assert.Equal(40, (int)report["replications"]!);
        Assert.Equal(11UL, (ulong)report["seed"]!);
        Assert.Equal(Model.Output.ToolInfo.Version, (string?)report["toolVersion"]);
        Assert.Equal("grid", (string?)report["spec"]!["design"]);
        Assert.Equal(Spec, (string?)report["spec"]!["text"]);
        Assert.Equal(6, (int)report["timings"]!["pointsRun"]!);
        Assert.True((double)report["timings"]!["replicationMonthsPerSecond"]! > 0);

        // Run again into the finished sweep's directory: refused, its tables kept, and no --resume offered (nothing is left to resume).
        var again = await CliRun.RunAsync("sweep", spec, "--out", outDir, "--engine", "inprocess");
        Assert.Equal(1, again.Exit);
        Assert.Contains("holds a finished sweep's tables, which are kept. Choose another directory with --out, or remove those tables and sweep.json, to run it again.", again.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("--resume", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orleans_and_in_process_sweeps_write_the_same_bytes()
    {
        var spec = Write("spec.yaml", Spec);
        var a = Path.Combine(_directory, "orleans");
        var b = Path.Combine(_directory, "inprocess");
        var first = await CliRun.RunAsync("sweep", spec, "--out", a, "--format", "csv");
        Assert.True(first.Exit == 0, first.Err);
        var second = await CliRun.RunAsync("sweep", spec, "--out", b, "--format", "csv", "--engine", "inprocess");
        Assert.True(second.Exit == 0, second.Err);
        Assert.Equal(Hashes(b), Hashes(a));
        Assert.StartsWith("point,levers.sgmw_demand_growth,levers.project_delay_months,replications,seed", await File.ReadAllTextAsync(Path.Combine(a, "points.csv"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_cancelled_mid_way_then_resumed_gives_the_bytes_of_an_uninterrupted_one()
    {
        var spec = Write("spec.yaml", Spec);
        var straight = Path.Combine(_directory, "straight");
        var once = await CliRun.RunAsync("sweep", spec, "--out", straight, "--engine", "inprocess", "--parallel", "1");
        Assert.True(once.Exit == 0, once.Err);

        // Cancelled as soon as a point is on disk, as Ctrl+C would.
        var stopped = Path.Combine(_directory, "stopped");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var sweeping = CliApplication.RunAsync(["sweep", spec, "--out", stopped, "--engine", "inprocess", "--parallel", "1"], CliConsole.ForWriters(stdout, stderr), cancel.Token);
        var parts = Path.Combine(stopped, "parts");
        for (var wait = 0; wait < 6000 && !sweeping.IsCompleted; wait++)
        {
            if (Directory.Exists(parts) && Directory.EnumerateFiles(parts, "point-*.points.parquet").Any())
            {
                await cancel.CancelAsync();
                break;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        var exit = await sweeping;
        Assert.True(exit == 130, stderr.ToString());
        Assert.Contains("--resume", stderr.ToString(), StringComparison.Ordinal);
        var kept = Directory.EnumerateFiles(parts, "point-*.points.parquet").Count();
        Assert.InRange(kept, 1, 5);
        Assert.False(File.Exists(Path.Combine(stopped, "points.parquet")));

        // Without --resume the directory is refused, before anything runs.
        var refused = await CliRun.RunAsync("sweep", spec, "--out", stopped, "--engine", "inprocess");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("Pass --resume to finish that sweep, or choose another directory with --out", refused.Err, StringComparison.Ordinal);

        var resumed = await CliRun.RunAsync("sweep", spec, "--out", stopped, "--engine", "inprocess", "--resume");
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains($"{kept} done before, {6 - kept} to run", resumed.Err, StringComparison.Ordinal);
        Assert.Contains($"{kept} resumed from before", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(6, resumed.Out.Split('\n').Count(l => IsPointRow(l)));
        Assert.Equal(Hashes(straight), Hashes(stopped));

        var again = await CliRun.RunAsync("sweep", spec, "--out", stopped, "--engine", "inprocess", "--resume");
        Assert.Equal(0, again.Exit);
        Assert.Contains("nothing to resume", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_refuses_the_parts_of_another_sweep()
    {
        var spec = Write("spec.yaml", Spec);
        var outDir = Path.Combine(_directory, "out");
        Directory.CreateDirectory(Path.Combine(outDir, ".sweep"));
        File.WriteAllText(Path.Combine(outDir, ".sweep", "plan.txt"), "tool 0.0.0\n");
        Directory.CreateDirectory(Path.Combine(outDir, "parts"));
        var (exit, _, stderr) = await CliRun.RunAsync("sweep", spec, "--out", outDir, "--engine", "inprocess", "--resume");
        Assert.Equal(1, exit);
        Assert.Contains("holds the parts of another sweep", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_directory_that_cannot_be_written_is_refused_before_any_run()
    {
        var spec = Write("spec.yaml", Spec);
        var file = Write("not-a-directory", "x");
        var (exit, stdout, stderr) = await CliRun.RunAsync("sweep", spec, "--out", file, "--engine", "inprocess");
        Assert.Equal(1, exit);
        Assert.Contains("is a file, not a directory", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("points ×", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_spec_with_problems_is_not_run_and_its_problems_name_file_line_and_field()
    {
        var spec = Write("bad.yaml", "base: baseline-2023\nfactors:\n  levers.sgmw_demand_growth: [0, 200]\n");
        var (exit, _, stderr) = await CliRun.RunAsync("sweep", spec, "--out", Path.Combine(_directory, "out"));
        Assert.Equal(1, exit);
        Assert.Contains($"{spec}:3:34: factors.levers.sgmw_demand_growth[1]: 200 is out of range; a number from -50 to 100 (%)", stderr, StringComparison.Ordinal);
        Assert.Contains("not run", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "out")));
    }

    [Fact]
    public async Task Validate_accepts_sweep_specs_and_the_shipped_examples()
    {
        var spec = Write("spec.yaml", Spec);
        var (exit, stdout, stderr) = await CliRun.RunAsync("validate", spec);
        Assert.True(exit == 0, stderr);
        Assert.StartsWith($"{spec}: valid — sweep of 6 points × 40 replications", stdout, StringComparison.Ordinal);

        foreach (var (example, points, replications) in new[] { ("sgmw-delay.yaml", 16, 500), ("sensitivity-3.yaml", 16, 200) })
        {
            var path = Path.Combine(LiubeiSim.Tests.Shared.RepositoryRoot.Path, "examples", "sweeps", example);
            var result = await CliRun.RunAsync("validate", path);
            Assert.True(result.Exit == 0, result.Err);
            Assert.Contains($"valid — sweep of {points} points × {replications} replications", result.Out, StringComparison.Ordinal);
        }

        var bad = Write("bad.yaml", "base: baseline-2023\nfactors:\n  levers.sgmw_demand_grwth: [0, 10]\n");
        var problems = await CliRun.RunAsync("validate", bad);
        Assert.Equal(1, problems.Exit);
        Assert.Contains($"{bad}:3:3: factors.levers.sgmw_demand_grwth: unknown lever 'sgmw_demand_grwth' (did you mean 'sgmw_demand_growth'?)", problems.Err, StringComparison.Ordinal);
        Assert.Contains("examples/sweeps/sgmw-delay.yaml", problems.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_teaches_with_examples_and_the_root_lists_the_command()
    {
        var (_, help, _) = await CliRun.RunAsync("sweep", "--help");
        Assert.Contains("liubeisim sweep examples/sweeps/sgmw-delay.yaml --out runs/sgmw-delay --resume", help, StringComparison.Ordinal);
        Assert.Contains("levers.project_delay_months: {min: 0, max: 12, steps: 4}", help, StringComparison.Ordinal);

        var (_, root, _) = await CliRun.RunAsync("--help");
        Assert.Contains("liubeisim sweep examples/sweeps/sgmw-delay.yaml", root, StringComparison.Ordinal);
        Assert.Contains("liubeisim sensitivity examples/sweeps/sensitivity-3.yaml --method sobol", root, StringComparison.Ordinal);
        Assert.Contains("liubeisim seek baseline-2023", root, StringComparison.Ordinal);
    }

    /// <summary>A row of the closing table: the point's number first, then its factor values and outputs.</summary>
    private static bool IsPointRow(string line)
    {
        var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return cells.Length >= 3 && cells.All(c => char.IsDigit(c[0]) || c[0] == '-');
    }

    [Fact]
    public async Task Set_applies_to_every_points_base_and_may_not_touch_a_factor_or_the_seed()
    {
        var spec = Write("small.yaml", "base: baseline-2023\nreplications: 30\nseed: 3\nfactors:\n  levers.sgmw_demand_growth: [0, 20]\noutputs: [industrial_output]\n");
        var plain = Path.Combine(_directory, "plain");
        var set = Path.Combine(_directory, "set");

        var a = await CliRun.RunAsync("sweep", spec, "--out", plain, "--engine", "inprocess", "--format", "csv");
        var b = await CliRun.RunAsync("sweep", spec, "--out", set, "--engine", "inprocess", "--format", "csv", "--set", "levers.services_growth=30");
        var factor = await CliRun.RunAsync("sweep", spec, "--engine", "inprocess", "--set", "levers.sgmw_demand_growth=5");
        var seed = await CliRun.RunAsync("sweep", spec, "--engine", "inprocess", "--set", "seed=9");

        Assert.True(a.Exit == 0, a.Err);
        Assert.True(b.Exit == 0, b.Err);
        Assert.NotEqual(File.ReadAllText(Path.Combine(plain, "indicators.csv")), File.ReadAllText(Path.Combine(set, "indicators.csv")));

        // Each point with --set is exactly the run of the base with the same settings.
        var run = await CliRun.RunAsync("run", "baseline-2023", "--engine", "inprocess", "--json", "--set", "levers.services_growth=30", "--set", "levers.sgmw_demand_growth=20", "-r", "30", "--seed", "3");
        var gdp = JsonNode.Parse(run.Out)!["indicators"]!.AsArray().Single(i => (string?)i!["id"] == "gdp" && (string?)i["scope"] == "district")!;
        var row = File.ReadLines(Path.Combine(set, "indicators.csv")).Single(l => l.StartsWith("1,2023-12-01,gdp,district,", StringComparison.Ordinal) || l.StartsWith("1,2023-12,gdp,district,", StringComparison.Ordinal));
        Assert.Contains(((double)gdp["p50"]!).ToString("R", System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);

        Assert.Equal(1, factor.Exit);
        Assert.Contains("--set levers.sgmw_demand_growth=5: levers.sgmw_demand_growth: levers.sgmw_demand_growth is a factor of the sweep", factor.Err, StringComparison.Ordinal);
        Assert.Equal(1, seed.Exit);
        Assert.Contains("seed is the spec's own", seed.Err, StringComparison.Ordinal);
    }
}
