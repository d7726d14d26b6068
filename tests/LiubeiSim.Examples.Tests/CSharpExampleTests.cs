using System.Globalization;
using System.Text.Json;

namespace LiubeiSim.Examples.Tests;

/// <summary>examples/csharp builds against LiubeiSim.Model and prints the numbers of <c>liubeisim run</c> for the same run.</summary>
public sealed class CSharpExampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-example-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_example_prints_the_p10_p50_p90_and_target_probabilities_of_the_cli()
    {
        string[] run = ["baseline-2023", "-r", "200", "-s", "7", "--set", "levers.sgmw_demand_growth=20"];
        var output = Path.Combine(_directory, "cli");
        var cli = await Tool.RunAsync("dotnet", [Repository.Cli, "run", .. run, "--out", output], TimeSpan.FromMinutes(5));
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json"), TestContext.Current.CancellationToken)).RootElement;

        // Builds the example (its project references are the solution's, already built in this configuration) and runs it.
        var example = await Tool.RunAsync(
            "dotnet",
            ["run", "--project", Repository.Examples("csharp", "LiubeiSim.Example"), "-c", Repository.Configuration, "-p:BuildProjectReferences=false", "-p:UseSharedCompilation=false", "--", .. run],
            TimeSpan.FromMinutes(10),
            Tool.DotnetBuildEnvironment);
        Assert.True(example.ExitCode == 0, example.ToString());

        var printed = example.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length == 5 && cells[1] == "district")
            .ToDictionary(cells => cells[0], cells => cells[2..].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray());
        var district = summary.GetProperty("indicators").EnumerateArray().Where(i => i.GetProperty("scope").GetString() == "district").ToList();
        Assert.Equal(district.Count, printed.Count);
        foreach (var indicator in district)
        {
            var id = indicator.GetProperty("id").GetString()!;
            Assert.True(printed.TryGetValue(id, out var values), $"{id} not printed:\n{example.Output}");
            Assert.Equal([indicator.GetProperty("p10").GetDouble(), indicator.GetProperty("p50").GetDouble(), indicator.GetProperty("p90").GetDouble()], values);
        }

        foreach (var target in summary.GetProperty("targets").EnumerateArray())
        {
            var probability = target.GetProperty("probability").GetDouble().ToString("R", CultureInfo.InvariantCulture);
            Assert.Contains($"target {target.GetProperty("name").GetString()}: P(meet) = {probability}", example.Output, StringComparison.Ordinal);
        }
    }
}
