using System.Text.Json.Nodes;
using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Grains.Tests;

/// <summary><c>liubeisim run</c> end to end: the Orleans engine is the default and writes what the reference engine writes.</summary>
public sealed class CliRunTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "liubeisim-grains-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Default_engine_is_orleans_and_its_files_equal_the_in_process_engine()
    {
        var orleans = Path.Combine(_directory, "orleans");
        var inProcess = Path.Combine(_directory, "inprocess");

        var (exit, stdout, stderr) = await Run("run", "sgmw-125-boost", "-r", "150", "--shards", "3", "--out", orleans);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Engine orleans", stdout, StringComparison.Ordinal);
        (exit, _, stderr) = await Run("run", "sgmw-125-boost", "-r", "150", "--engine", "inprocess", "--out", inProcess);
        Assert.True(exit == 0, stderr);

        foreach (var file in new[] { "indicators.csv", "targets.csv" })
        {
            var fromOrleans = await File.ReadAllBytesAsync(Path.Combine(orleans, file), TestContext.Current.CancellationToken);
            var fromInProcess = await File.ReadAllBytesAsync(Path.Combine(inProcess, file), TestContext.Current.CancellationToken);
            Assert.True(fromOrleans.AsSpan().SequenceEqual(fromInProcess), $"{file} differs between the engines");
        }

        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(orleans, "summary.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal("orleans", (string?)summary["engine"]);
        Assert.True((double)summary["timings"]!["startupSeconds"]! > 0, "silo start-up is timed apart from the simulation");
        Assert.True((double)summary["timings"]!["simulationSeconds"]! > 0);
    }

    [Fact]
    public async Task Shards_below_one_are_refused_before_anything_runs()
    {
        var (exit, _, stderr) = await Run("run", "baseline-2023", "--shards", "0");

        Assert.Equal(1, exit);
        Assert.Contains("--shards: expected a whole number 1..4096, got '0'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_engine_is_refused()
    {
        var (exit, _, stderr) = await Run("run", "baseline-2023", "--engine", "spark");

        Assert.NotEqual(0, exit);
        Assert.Contains("spark", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApplication.RunAsync(args, CliConsole.ForWriters(output, error), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
