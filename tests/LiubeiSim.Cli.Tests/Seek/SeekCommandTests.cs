using System.Text.Json.Nodes;
using LiubeiSim.Cli.Tests.Scenarios;

namespace LiubeiSim.Cli.Tests.Seek;

public sealed class SeekCommandTests
{
    [Fact]
    public async Task Seek_finds_the_smallest_sgmw_growth_that_meets_industrial_revival_with_the_probability_asked()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync(
            "seek", "baseline-2023", "--lever", "levers.sgmw_demand_growth", "--target", "Industrial revival", "--probability", "0.8", "-r", "200", "--json", "--engine", "inprocess");
        Assert.True(exit == 0, stderr);

        // Exactly the four fields, on one line of stdout; the runs' progress went to stderr.
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(["lever", "value", "probability", "runs"], json.Select(p => p.Key));
        Assert.Equal("levers.sgmw_demand_growth", (string?)json["lever"]);
        var value = (double)json["value"]!;
        var probability = (double)json["probability"]!;
        var runs = (int)json["runs"]!;
        Assert.InRange(value, -50, 100);
        Assert.True(probability >= 0.8, $"P = {probability}");
        Assert.InRange(runs, 3, 40);
        Assert.Equal(runs, stderr.Split('\n').Count(l => l.TrimStart().StartsWith("run ", StringComparison.Ordinal)));

        // Common random numbers: the same search again gives the same answer bit for bit, and a run at the value reproduces its probability.
        var again = await CliRun.RunAsync(
            "seek", "baseline-2023", "--lever", "levers.sgmw_demand_growth", "--target", "Industrial revival", "--probability", "0.8", "-r", "200", "--json", "--engine", "inprocess");
        Assert.Equal(stdout, again.Out);

        var human = await CliRun.RunAsync(
            "seek", "baseline-2023", "--lever", "levers.sgmw_demand_growth", "--target", "Industrial revival", "--probability", "0.8", "-r", "200", "--engine", "inprocess");
        Assert.Equal(0, human.Exit);
        Assert.Contains("the smallest value that does", human.Out, StringComparison.Ordinal);
        Assert.Contains($"({runs} runs of 200 replications, seed 20230101)", human.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_probability_no_value_reaches_is_said_with_the_best_value_and_exit_code_2()
    {
        // Nothing in the model reads the livelihood share but its own indicator: industrial output cannot get there.
        var (exit, stdout, stderr) = await CliRun.RunAsync(
            "seek", "baseline-2023", "--lever", "levers.livelihood_share", "--target", "Industrial revival", "--probability", "0.99", "-r", "100", "--engine", "inprocess");
        Assert.Equal(2, exit);
        Assert.Contains("No value of levers.livelihood_share from 50 to 100 % reaches P(Industrial revival) ≥ 0.99: the best is levers.livelihood_share = 50, with P = ", stdout, StringComparison.Ordinal);
        Assert.Contains("(2 runs of 100 replications", stdout, StringComparison.Ordinal);

        var json = await CliRun.RunAsync(
            "seek", "baseline-2023", "--lever", "levers.livelihood_share", "--target", "Industrial revival", "--probability", "0.99", "-r", "100", "--engine", "inprocess", "--json");
        Assert.Equal(2, json.Exit);
        Assert.Equal(50.0, (double)JsonNode.Parse(json.Out)!["value"]!);
        Assert.Contains("No value of levers.livelihood_share", json.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_lever_is_sought_over_whole_values_and_answers_one()
    {
        // Delays lower output: the largest delay that keeps the revival at even odds, over whole months only.
        var (exit, stdout, stderr) = await CliRun.RunAsync(
            "seek", "baseline-2023", "--lever", "levers.project_delay_months", "--target", "Industrial revival", "--probability", "0.2", "-r", "100", "--engine", "inprocess", "--json");

        Assert.True(exit is 0 or 2, stderr);
        var value = (double)JsonNode.Parse(stdout)!["value"]!;
        Assert.Equal(Math.Floor(value), value);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"= \d+\.5 ", stderr);
    }

    [Fact]
    public async Task An_unknown_target_lists_the_scenarios_targets()
    {
        var (exit, _, stderr) = await CliRun.RunAsync(
            "seek", "baseline-2023", "--lever", "levers.sgmw_demand_growth", "--target", "Industrial revivl", "--probability", "0.8", "--engine", "inprocess");
        Assert.Equal(1, exit);
        Assert.Contains("--target 'Industrial revivl': no such target in scenario baseline-2023. Its targets:", stderr, StringComparison.Ordinal);
        Assert.Contains("\"Industrial revival\"", stderr, StringComparison.Ordinal);
        Assert.Contains("\"Projects introduced\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_lever_gets_a_did_you_mean()
    {
        var (exit, _, stderr) = await CliRun.RunAsync(
            "seek", "baseline-2023", "--lever", "levers.sgmw_demand_grwth", "--target", "Industrial revival", "--probability", "0.8");
        Assert.Equal(1, exit);
        Assert.Contains("did you mean 'sgmw_demand_growth'?", stderr, StringComparison.Ordinal);

        var bare = await CliRun.RunAsync("seek", "baseline-2023", "--lever", "sgmw_demand_growth", "--target", "Industrial revival", "--probability", "0.8");
        Assert.Equal(1, bare.Exit);
        Assert.Contains("did you mean 'levers.sgmw_demand_growth'?", bare.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_has_examples()
    {
        var (_, help, _) = await CliRun.RunAsync("seek", "--help");
        Assert.Contains("liubeisim seek baseline-2023 --lever levers.sgmw_demand_growth --target \"Industrial revival\" --probability 0.8", help, StringComparison.Ordinal);
        Assert.Contains("common random numbers", help, StringComparison.Ordinal);
        Assert.Contains("Exit code 0 when found; 2 when no value", help, StringComparison.Ordinal);
    }
}
