using System.Text.Json;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Examples.Tests;

/// <summary>
/// examples/python: the same small sweep of <c>levers.sgmw_demand_growth</c> through the CLI and through the HTTP API,
/// each row checked against the model's own engine for the same scenario, setting, seed and replications.
/// </summary>
public sealed class PythonExampleTests : IDisposable
{
    private const int Replications = 200;
    private const ulong Seed = 7;
    private static readonly string[] Values = ["0", "20"];
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-examples-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_cli_sweep_prints_a_row_per_value_with_the_engines_numbers()
    {
        var python = Python.Path;
        var json = Path.Combine(_directory, "cli.json");
        var outcome = await Tool.RunAsync(python, [Repository.Examples("python", "sweep_cli.py"), "--liubeisim", $"dotnet {Repository.Cli}", .. CommonArguments(json)], Limit);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        CheckTable(outcome.Output);
        CheckRows(json);
    }

    [Fact]
    public async Task The_http_sweep_prints_the_same_table_from_a_served_host()
    {
        var python = Python.Path;
        await using var host = await ServedHost.StartAsync();
        var json = Path.Combine(_directory, "http.json");
        var outcome = await Tool.RunAsync(python, [Repository.Examples("python", "sweep_http.py"), "--url", host.Address.ToString(), .. CommonArguments(json)], Limit);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        CheckTable(outcome.Output);
        CheckRows(json);
    }

    [Fact]
    public async Task The_http_sweep_reports_the_hosts_problems_and_fails()
    {
        var python = Python.Path;
        await using var host = await ServedHost.StartAsync();
        var outcome = await Tool.RunAsync(python, [Repository.Examples("python", "sweep_http.py"), "--url", host.Address.ToString(), "--values", "500"], Limit);

        Assert.True(outcome.ExitCode != 0, outcome.ToString());
        Assert.Contains("set[0]: levers.sgmw_demand_growth: 500 is out of range", outcome.Error, StringComparison.Ordinal);
    }

    private static string[] CommonArguments(string json) =>
        ["--values", string.Join(',', Values), "-r", $"{Replications}", "-s", $"{Seed}", "--json", json];

    private static void CheckTable(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sgmw_demand_growth", lines[0].Trim(), StringComparison.Ordinal);
        Assert.Contains("P(Industrial revival)", lines[0], StringComparison.Ordinal);
        Assert.Equal(Values, lines.Skip(1).Take(Values.Length).Select(l => l.Trim().Split(' ')[0]));
    }

    /// <summary>Each row's numbers are those of the in-process engine for the same run: exactly, as summary.json carries them.</summary>
    private static void CheckRows(string json)
    {
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray().ToList();
        Assert.Equal(Values.Length, rows.Count);
        var p50s = new List<double>();
        foreach (var (row, value) in rows.Zip(Values))
        {
            var parsed = ScenarioLibrary.Resolve("baseline-2023", [$"levers.sgmw_demand_growth={value}"]);
            var result = InProcessEngine.Run(parsed.Scenario!.WithReplications(Replications).WithSeed(Seed), cancellationToken: TestContext.Current.CancellationToken);
            var end = result.End("industrial_output");
            Assert.Equal(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("sgmw_demand_growth").GetDouble());
            Assert.Equal((end.P10, end.P50, end.P90), (row.GetProperty("p10").GetDouble(), row.GetProperty("p50").GetDouble(), row.GetProperty("p90").GetDouble()));
            var target = Assert.Single(result.Targets, t => t.Target.Indicator == "industrial_output");
            Assert.Equal(target.Probability, row.GetProperty("targets").GetProperty(target.Target.Name).GetDouble());
            p50s.Add(end.P50);
        }

        // More demand from SGMW, same random numbers: more industrial output.
        Assert.True(p50s[1] > p50s[0], $"P50 {p50s[1]} at 20 % is not above {p50s[0]} at 0 %");
    }
}
