using System.Diagnostics;
using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Tests.Admission;

/// <summary>run, compare and sweep refuse a simulation too large for the memory budget before anything starts, as the service does.</summary>
public sealed class MemoryBudgetCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-budget-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Exit, string Out, string Error, TimeSpan Took)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var clock = Stopwatch.StartNew();
        var exit = await CliApplication.RunAsync(args, CliConsole.ForWriters(output, error), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString(), clock.Elapsed);
    }

    [Theory]
    [InlineData("orleans")]
    [InlineData("inprocess")]
    public async Task A_run_over_the_budget_is_refused_before_it_starts_saying_how_many_replications_fit(string engine)
    {
        var outDir = Path.Combine(_directory, "out");
        var (exit, stdout, stderr, took) = await Run("run", "baseline-2023", "-r", "1000000", "--engine", engine, "--memory-budget", "1GiB", "--out", outDir);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("baseline-2023: not run; this run needs about", stderr, StringComparison.Ordinal);
        Assert.Contains("1,000,000 replications × 12 months × 34 entities", stderr, StringComparison.Ordinal);
        Assert.Contains("budget of 1 GiB (--memory-budget=1GiB)", stderr, StringComparison.Ordinal);
        Assert.Contains("Run at most ", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));

        // Refused from the estimate: a million replications would take minutes, a silo seconds to start.
        Assert.True(took < TimeSpan.FromSeconds(20), $"took {took}");
    }

    [Fact]
    public async Task The_count_it_suggests_runs()
    {
        var (_, _, refused, _) = await Run("run", "baseline-2023", "-r", "20000", "--engine", "inprocess", "--memory-budget", "150MiB");
        var most = System.Text.RegularExpressions.Regex.Match(refused, @"\(-r (\d+)\)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(most), refused);

        var (exit, _, stderr, _) = await Run("run", "baseline-2023", "-r", most, "--engine", "inprocess", "--memory-budget", "150MiB", "--format", "csv");
        Assert.True(exit == 0, stderr);
    }

    [Fact]
    public async Task A_comparison_over_the_budget_is_refused_counting_both_sides()
    {
        var (exit, _, stderr, _) = await Run("compare", "sgmw-125-boost", "-r", "200000", "--memory-budget", "2GiB");

        Assert.Equal(1, exit);
        Assert.Contains("not run; this comparison (both sides held at once) needs about", stderr, StringComparison.Ordinal);
        Assert.Contains("400,000 replications", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_whose_largest_point_cannot_fit_is_refused_before_any_point_runs()
    {
        var spec = Path.Combine(_directory, "big.yaml");
        await File.WriteAllTextAsync(spec, "base: baseline-2023\nreplications: 100000\nfactors:\n  synthetic_firms: [0, 5000]\n", TestContext.Current.CancellationToken);
        var outDir = Path.Combine(_directory, "sweep");

        var (exit, _, stderr, _) = await Run("sweep", spec, "--out", outDir, "--memory-budget", "2GiB");

        Assert.Equal(1, exit);
        Assert.Contains("big: not run; its largest point needs about", stderr, StringComparison.Ordinal);
        Assert.Contains("100,000 replications × 12 months × 5,034 entities", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "sweep.json")));
    }

    [Fact]
    public async Task A_sweep_runs_as_many_points_at_once_as_the_budget_holds()
    {
        var spec = Path.Combine(_directory, "small.yaml");
        await File.WriteAllTextAsync(spec, "base: baseline-2023\nreplications: 200\nfactors:\n  levers.sgmw_demand_growth: [0, 10, 20]\n", TestContext.Current.CancellationToken);

        // A point of 200 replications is estimated at about 67 MiB: 150 MiB holds two of them.
        var (exit, _, stderr, _) = await Run("sweep", spec, "--out", Path.Combine(_directory, "small-sweep"), "--engine", "inprocess", "--parallel", "3", "--memory-budget", "150MiB", "--format", "csv");

        Assert.True(exit == 0, stderr);
        Assert.Contains("small: 2 point(s) at once, not 3", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_that_is_not_a_size_is_a_usage_error()
    {
        var (exit, _, stderr, _) = await Run("run", "baseline-2023", "--memory-budget", "plenty");

        Assert.NotEqual(0, exit);
        Assert.Contains("--memory-budget: expected a size", stderr, StringComparison.Ordinal);
    }
}
