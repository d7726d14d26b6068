using LiubeiSim.Cli.Tests.Scenarios;

namespace LiubeiSim.Cli.Tests.Hosting;

/// <summary>What a newcomer's first slips get: the nearest command or option, the kind of file a command takes, and where to start.</summary>
public sealed class MistakesTests
{
    private static readonly string SweepSpec = Path.Combine(LiubeiSim.Tests.Shared.RepositoryRoot.Path, "examples", "sweeps", "sgmw-delay.yaml");

    [Theory]
    [InlineData("Did you mean `liubeisim run`?", "runn", "baseline-2023")]
    [InlineData("Did you mean `liubeisim scenarios list`?", "scenarios", "lst")]
    [InlineData("`liubeisim scenarios` takes a command: list, show.", "scenarios")]
    [InlineData("Did you mean --out?", "run", "baseline-2023", "--outt", "x")]
    [InlineData("Did you mean `liubeisim run baseline-2023`?", "baseline-2023")]
    public async Task A_mistyped_command_or_option_is_answered_with_the_nearest_one(string answer, params string[] args)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync(args);
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains(answer, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_command_at_all_prints_where_to_start()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync();
        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        Assert.Contains("Start here:", stdout, StringComparison.Ordinal);
        Assert.Contains("Commands:", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("compare")]
    [InlineData("seek")]
    public async Task A_sweep_spec_given_for_a_scenario_is_named_as_one(string command)
    {
        string[] args = command == "seek"
            ? ["seek", SweepSpec, "--lever", "levers.sgmw_demand_growth", "--target", "Industrial revival", "--probability", "0.8"]
            : command == "compare" ? ["compare", "baseline-2023", SweepSpec] : ["run", SweepSpec];
        var (exit, _, stderr) = await CliRun.RunAsync(args);
        Assert.Equal(1, exit);
        Assert.Contains($"{SweepSpec}: a sweep spec (it has factors:), not a scenario, so `liubeisim {command}` does not take it. Run it with `liubeisim sweep {SweepSpec}`", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown field", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sweep")]
    [InlineData("sensitivity")]
    public async Task A_scenario_given_for_a_sweep_spec_is_named_as_one(string command)
    {
        var (exit, _, stderr) = await CliRun.RunAsync(command == "sensitivity" ? [command, "baseline-2023", "--method", "sobol"] : [command, "baseline-2023"]);
        Assert.Equal(1, exit);
        Assert.Contains($"baseline-2023: a scenario, not a sweep spec, so `liubeisim {command}` does not take it. Run it with `liubeisim run baseline-2023`", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_set_changed_is_printed_above_the_tables_of_a_run_and_a_comparison()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("run", "baseline-2023", "-r", "20", "--engine", "inprocess", "--set", "levers.sgmw_demand_growth=20");
        Assert.True(exit == 0, stderr);
        Assert.Contains("Levers: sgmw_demand_growth 20", stdout, StringComparison.Ordinal);

        (exit, stdout, stderr) = await CliRun.RunAsync("compare", "baseline-2023", "baseline-2023", "-r", "20", "--set", "levers.sgmw_demand_growth=20");
        Assert.True(exit == 0, stderr);
        Assert.Contains("B Levers: sgmw_demand_growth 20", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("A Levers", stdout, StringComparison.Ordinal);
    }
}
