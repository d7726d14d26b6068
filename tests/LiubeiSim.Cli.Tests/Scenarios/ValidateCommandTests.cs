using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Tests.Scenarios;

public sealed class ValidateCommandTests
{
    public static TheoryData<string> BuiltIns => new(ScenarioLibrary.Names);

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public async Task Show_then_validate_round_trips_through_a_file(string name)
    {
        var (showExit, yaml, _) = await CliRun.RunAsync("scenarios", "show", name);
        Assert.Equal(0, showExit);
        var path = CliRun.TempYaml(yaml);
        try
        {
            var (exit, stdout, stderr) = await CliRun.RunAsync("validate", path);
            Assert.Equal(0, exit);
            Assert.Empty(stderr);
            var s = ScenarioLibrary.Load(name);
            Assert.Equal(
                $"{path}: valid — scenario {name}, {s.Months} months from {s.Start}, {s.Replications} replications, {s.Levers.Count} lever{(s.Levers.Count == 1 ? "" : "s")}, {s.Shocks.Count} shock{(s.Shocks.Count == 1 ? "" : "s")}, {s.Targets.Count} target{(s.Targets.Count == 1 ? "" : "s")}" + Environment.NewLine,
                stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_edited_copy_that_keeps_the_built_in_s_name_is_valid_with_a_note_naming_its_name_line()
    {
        var (_, yaml, _) = await CliRun.RunAsync("scenarios", "show", "baseline-2023");
        var nameLine = Array.FindIndex(yaml.Split('\n'), l => l.StartsWith("name:", StringComparison.Ordinal)) + 1;
        var path = CliRun.TempYaml(yaml.Replace("seed: 20230101", "seed: 7", StringComparison.Ordinal));
        try
        {
            var (exit, stdout, stderr) = await CliRun.RunAsync("validate", path);
            Assert.Equal(0, exit);
            Assert.StartsWith($"{path}: valid — scenario baseline-2023,", stdout, StringComparison.Ordinal);
            Assert.Contains($"{path}:{nameLine}: note: name 'baseline-2023' is the built-in scenario's", stderr, StringComparison.Ordinal);
            Assert.Contains("name: baseline-2023-variant", stderr, StringComparison.Ordinal);

            // run says it too, before its results, and still runs.
            var (runExit, _, runErr) = await CliRun.RunAsync("run", path, "-r", "20", "--engine", "inprocess");
            Assert.Equal(0, runExit);
            Assert.Contains("note: name 'baseline-2023'", runErr, StringComparison.Ordinal);

            // A name of its own given on the command line answers the note.
            var (renamedExit, _, renamedErr) = await CliRun.RunAsync("validate", path, "--set", "name=baseline-seed-7");
            Assert.Equal(0, renamedExit);
            Assert.Empty(renamedErr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Validate_accepts_a_built_in_name()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("validate", "sgmw-125-boost");
        Assert.Equal(0, exit);
        Assert.Equal("sgmw-125-boost: valid — scenario sgmw-125-boost, 12 months from 2023-01, 1000 replications, 3 levers, 1 shock, 6 targets" + Environment.NewLine, stdout);
    }

    [Fact]
    public async Task Invalid_file_prints_every_problem_a_count_and_a_hint()
    {
        var path = CliRun.TempYaml("name: test\nbase: 2022\nhorizon:\n  start: 2023-01\nlevers:\n  sgmw_demand_growth: 101\n  nev_share: 5\n");
        try
        {
            var (exit, stdout, stderr) = await CliRun.RunAsync("validate", path);
            Assert.Equal(1, exit);
            Assert.Empty(stdout);
            var lines = stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length);
            Assert.StartsWith($"{path}:6:23: levers.sgmw_demand_growth: 101 is out of range; a number from -50 to 100 (%)", lines[0], StringComparison.Ordinal);
            Assert.StartsWith($"{path}:7:3: levers.nev_share: unknown lever 'nev_share' (did you mean 'nev_transition_share'?); levers: ", lines[1], StringComparison.Ordinal);
            Assert.Equal($"2 problems in {path}.", lines[2]);
            Assert.Equal("For a valid example: liubeisim scenarios show baseline-2023", lines[3]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Neither_a_file_nor_a_built_in_fails()
    {
        var (exit, _, stderr) = await CliRun.RunAsync("validate", "no-such-scenario.yaml");
        Assert.Equal(1, exit);
        Assert.Contains("no-such-scenario.yaml:1:1: (document): neither a file nor a built-in scenario", stderr, StringComparison.Ordinal);
        Assert.Contains("1 problem in no-such-scenario.yaml.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_summarises_the_file_format()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("validate", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("FILE:LINE:COL: field: what is wrong; what is allowed", stdout, StringComparison.Ordinal);
        Assert.Contains("horizon:", stdout, StringComparison.Ordinal);
        Assert.Contains("at-least | at-most", stdout, StringComparison.Ordinal);
        Assert.All(LeverCatalog.All, lever => Assert.Contains(lever.Name, stdout, StringComparison.Ordinal));
    }
}
