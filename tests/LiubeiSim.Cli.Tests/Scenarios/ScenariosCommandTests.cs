using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Tests.Scenarios;

public sealed class ScenariosCommandTests
{
    [Fact]
    public async Task List_shows_every_built_in_with_what_it_asks()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("scenarios", "list");
        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        foreach (var header in new[] { "Name", "What it asks", "Base", "Horizon", "Replications", "Levers set", "Shocks", "Targets" })
        {
            Assert.Contains(header, stdout, StringComparison.Ordinal);
        }

        foreach (var name in ScenarioLibrary.Names)
        {
            Assert.Contains(name, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("sgmw_demand_growth 20", stdout, StringComparison.Ordinal);
        Assert.Contains("demand +10% on", stdout, StringComparison.Ordinal);
        Assert.Contains("2023-01, 12 mo", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("baseline-2023")]
    [InlineData("sgmw-125-boost")]
    public async Task Show_prints_the_yaml_verbatim(string name)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("scenarios", "show", name);
        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        Assert.True(ScenarioLibrary.TryGetText(name, out var yaml));
        Assert.Equal(yaml, stdout);
    }

    [Fact]
    public async Task Show_of_an_unknown_name_lists_the_built_ins()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("scenarios", "show", "baseline-2099");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("No built-in scenario 'baseline-2099'", stderr, StringComparison.Ordinal);
        Assert.All(ScenarioLibrary.Names, name => Assert.Contains(name, stderr, StringComparison.Ordinal));
    }
}
