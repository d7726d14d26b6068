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
                $"{path}: valid — scenario {name}, {s.Months} months from {s.Start}, {s.Replications:N0} replications, {s.Levers.Count} lever{(s.Levers.Count == 1 ? "" : "s")}, {s.Shocks.Count} shock{(s.Shocks.Count == 1 ? "" : "s")}, {s.Targets.Count} target{(s.Targets.Count == 1 ? "" : "s")}" + Environment.NewLine,
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
        var edited = CliRun.TempYaml(yaml.Replace("  months: 12", "  months: 6", StringComparison.Ordinal));
        var copy = CliRun.TempYaml(yaml);
        try
        {
            var (exit, stdout, stderr) = await CliRun.RunAsync("validate", edited);
            Assert.Equal(0, exit);
            Assert.StartsWith($"{edited}: valid — scenario baseline-2023, 6 months", stdout, StringComparison.Ordinal);
            Assert.Equal(
                $"{edited}:{nameLine}: note: named 'baseline-2023' like the built-in scenario but not the same scenario; its results will carry that name. Give it its own, e.g. `name: baseline-2023-variant`." + Environment.NewLine,
                stderr);

            // run says it too, before its results, and still runs.
            var (runExit, _, runErr) = await CliRun.RunAsync("run", edited, "-r", "20", "--engine", "inprocess");
            Assert.Equal(0, runExit);
            Assert.Contains("note: named 'baseline-2023'", runErr, StringComparison.Ordinal);

            // A name of its own given on the command line answers the note; a built-in's name given there is the setting's.
            var (renamedExit, _, renamedErr) = await CliRun.RunAsync("validate", edited, "--set", "name=baseline-six-months");
            Assert.Equal(0, renamedExit);
            Assert.Empty(renamedErr);
            var (_, _, setErr) = await CliRun.RunAsync("validate", copy, "--set", "name=sgmw-125-boost");
            Assert.StartsWith($"{copy} (--set name=sgmw-125-boost): note: named 'sgmw-125-boost'", setErr, StringComparison.Ordinal);

            // The plain copy is the built-in: with the same settings as the built-in would take, and with its own
            // replications and seed (a run's options), it says nothing, and the setting lands in its empty levers:.
            var (copyExit, copyOut, copyErr) = await CliRun.RunAsync("validate", copy, "--set", "levers.sgmw_demand_growth=20", "--set", "seed=7", "--set", "replications=500");
            Assert.Equal(0, copyExit);
            Assert.Contains("500 replications, 1 lever,", copyOut, StringComparison.Ordinal);
            Assert.Empty(copyErr);
        }
        finally
        {
            File.Delete(edited);
            File.Delete(copy);
        }
    }

    [Fact]
    public async Task Validate_accepts_a_built_in_name()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("validate", "sgmw-125-boost");
        Assert.Equal(0, exit);
        Assert.Equal("sgmw-125-boost: valid — scenario sgmw-125-boost, 12 months from 2023-01, 1,000 replications, 3 levers, 1 shock, 6 targets" + Environment.NewLine, stdout);
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
        Assert.Contains($"no-such-scenario.yaml: (document): no such file ({Path.GetFullPath("no-such-scenario.yaml")}), and no built-in scenario of that name;", stderr, StringComparison.Ordinal);
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
