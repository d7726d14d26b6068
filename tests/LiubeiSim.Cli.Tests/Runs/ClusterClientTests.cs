using System.Diagnostics;
using System.Text.Json.Nodes;
using LiubeiSim.Cli.Tests.Scenarios;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Tests.Runs;

/// <summary><c>run --cluster</c> and <c>runs list|show|wait|download</c> against a running <c>liubeisim serve</c>.</summary>
public sealed class ClusterClientTests(ServedCluster cluster) : IClassFixture<ServedCluster>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-cluster-client-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<(int Exit, string Out, string Err)> OnCluster(params string[] args) => CliRun.RunAsync([.. args, .. cluster.Options]);

    private static string Read(string directory, string file) => File.ReadAllText(Path.Combine(directory, file));

    [Fact]
    public async Task Run_on_the_cluster_writes_the_reference_engines_numbers_lists_the_run_and_downloads_the_same_bytes()
    {
        var outDir = Path.Combine(_directory, "c1");
        var (exit, stdout, stderr) = await OnCluster("run", "baseline-2023", "-r", "200", "--seed", "7", "--out", outDir);
        Assert.True(exit == 0, stderr);
        Assert.Contains("P(meet)", stdout, StringComparison.Ordinal);
        var submitted = stderr.Split('\n').Single(l => l.StartsWith("run ", StringComparison.Ordinal) && l.Contains("submitted to", StringComparison.Ordinal));
        Assert.EndsWith($"submitted to {cluster.Gateway}", submitted.TrimEnd(), StringComparison.Ordinal);
        var id = submitted.Split(' ')[1];

        // The reference: what `liubeisim run --engine inprocess` computes for the same scenario and seed. The CSVs hold no
        // engine name or timing, so their bytes match; summary.json differs only in those two fields.
        var expected = InProcessEngine.Run(ScenarioLibrary.Resolve("baseline-2023", []).Scenario!.WithReplications(200).WithSeed(7), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(RunReport.IndicatorsCsv(expected), Read(outDir, RunReport.IndicatorsFile));
        Assert.Equal(RunReport.TargetsCsv(expected), Read(outDir, RunReport.TargetsFile));
        var summary = JsonNode.Parse(Read(outDir, RunReport.SummaryFile))!.AsObject();
        var reference = JsonNode.Parse(RunReport.Summary(expected))!.AsObject();
        Assert.Equal("orleans", (string?)summary["engine"]);
        foreach (var field in new[] { "engine", "timings" })
        {
            summary.Remove(field);
            reference.Remove(field);
        }

        Assert.True(JsonNode.DeepEquals(reference, summary), "summary.json differs from the reference engine's beyond engine and timings");

        var (listExit, list, listErr) = await OnCluster("runs", "list", "--format", "json");
        Assert.True(listExit == 0, listErr);
        var listed = JsonNode.Parse(list)!["runs"]!.AsArray().Single(r => (string?)r!["id"] == id)!;
        Assert.Equal("completed", (string?)listed["status"]);
        Assert.Equal(200, (int)listed["replications"]!);

        var (tableExit, table, _) = await OnCluster("runs", "list");
        Assert.Equal(0, tableExit);
        Assert.Contains(id, table, StringComparison.Ordinal);

        var (showExit, show, showErr) = await OnCluster("runs", "show", id, "--format", "json");
        Assert.True(showExit == 0, showErr);
        var status = JsonNode.Parse(show)!;
        Assert.Equal(("completed", 1.0, 12), ((string?)status["status"], (double)status["progress"]!, (int)status["months"]!));

        var (waitExit, _, waitErr) = await OnCluster("runs", "wait", id, "--timeout", "60");
        Assert.True(waitExit == 0, waitErr);
        Assert.Contains($"run {id} completed", waitErr, StringComparison.Ordinal);

        var downloaded = Path.Combine(_directory, "d1");
        var (downloadExit, _, downloadErr) = await OnCluster("runs", "download", id, "--out", downloaded);
        Assert.True(downloadExit == 0, downloadErr);
        foreach (var file in new[] { RunReport.SummaryFile, RunReport.IndicatorsFile, RunReport.TargetsFile })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(outDir, file)), File.ReadAllBytes(Path.Combine(downloaded, file)));
        }

        var (cancelExit, _, cancelErr) = await OnCluster("runs", "cancel", id);
        Assert.Equal(1, cancelExit);
        Assert.Contains($"run {id} had already finished (completed)", cancelErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_cancel_stops_a_run_under_way_and_the_cluster_says_cancelled()
    {
        // Long enough to be under way when the cancel comes: submitted by one client, cancelled by another.
        var running = OnCluster("run", "baseline-2023", "-r", "20000", "--set", "horizon.months=60");
        string? id = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (id is null)
        {
            var (_, list, _) = await OnCluster("runs", "list", "--status", "running", "--format", "json");
            id = JsonNode.Parse(list)!["runs"]!.AsArray().Select(r => (string?)r!["id"]).FirstOrDefault(r => r is not null);
            Assert.True(id is not null || DateTime.UtcNow < deadline, "the long run never showed as running");
            Assert.False(running.IsCompleted && id is null, "the long run ended before it could be cancelled");
            await Task.Delay(id is null ? 200 : 0, TestContext.Current.CancellationToken);
        }

        var (cancelExit, _, cancelErr) = await OnCluster("runs", "cancel", id);
        Assert.True(cancelExit == 0, cancelErr);
        Assert.Contains($"run {id} is cancelled", cancelErr, StringComparison.Ordinal);

        var (runExit, _, runErr) = await running.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.Equal(1, runExit);
        Assert.Contains("was cancelled on the cluster", runErr, StringComparison.Ordinal);
        var (_, show, _) = await OnCluster("runs", "show", id, "--format", "json");
        Assert.Equal("cancelled", (string?)JsonNode.Parse(show)!["status"]);
    }

    [Theory]
    [InlineData("show")]
    [InlineData("wait")]
    [InlineData("download")]
    [InlineData("cancel")]
    public async Task An_unknown_id_is_one_line_and_exit_1(string subcommand)
    {
        var id = $"no-such-run-{Guid.NewGuid():N}";
        string[] args = subcommand == "download" ? ["runs", subcommand, id, "--out", Path.Combine(_directory, "x")] : ["runs", subcommand, id];
        var (exit, stdout, stderr) = await OnCluster(args);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith($"no run {id} in this cluster", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(_directory, "x")));
    }

    [Fact]
    public async Task A_wrong_cluster_id_is_a_connection_failure_that_names_the_option()
    {
        var (exit, _, stderr) = await CliRun.RunAsync("runs", "list", "--cluster", cluster.Gateway, "--cluster-id", "not-this-one");
        Assert.Equal(1, exit);
        Assert.StartsWith($"liubeisim runs: cannot connect to the cluster at {cluster.Gateway}", stderr, StringComparison.Ordinal);
        Assert.Contains("--cluster-id", stderr, StringComparison.Ordinal);
    }
}

/// <summary>The client commands without a cluster: parse errors and an unreachable gateway.</summary>
public sealed class ClusterAddressOptionTests
{
    [Theory]
    [InlineData("gateway://127.0.0.1", "127.0.0.1", 30000)]
    [InlineData("gateway://localhost:30001", "localhost", 30001)]
    [InlineData("GATEWAY://[::1]:40000/", "[::1]", 40000)]
    public void Gateway_addresses_parse_with_the_serve_default_port(string text, string host, int port)
    {
        Assert.True(ClusterAddress.TryParse(text, out var address, out var problem), problem);
        Assert.Equal(new GatewayClusterAddress(host, port), address);
    }

    [Theory]
    [InlineData("gateway://user:pw@127.0.0.1:30000", "no user or password")]
    [InlineData("gateway://127.0.0.1:70000", "the port must be a whole number 1..65535, got '70000'")]
    [InlineData("gateway://::1:30000", "as in gateway://[::1]:30000")]
    [InlineData("http://127.0.0.1:30000", "the scheme 'http' is not supported")]
    public async Task Cluster_parse_errors_name_the_option_what_is_wrong_and_the_forms(string text, string why)
    {
        foreach (var args in new[] { new[] { "run", "baseline-2023", "--cluster", text }, ["runs", "list", "--cluster", text], ["sweep", "x.yaml", "--cluster", text] })
        {
            var (exit, stdout, stderr) = await CliRun.RunAsync(args);
            Assert.Equal(1, exit);
            Assert.Equal(string.Empty, stdout);
            Assert.Contains($"--cluster: expected {ClusterAddress.AcceptedForms}", stderr, StringComparison.Ordinal);
            Assert.Contains(why, stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serve_refuses_a_gateway_address_and_says_it_is_for_clients()
    {
        var (exit, _, stderr) = await CliRun.RunAsync("serve", "--cluster", "gateway://127.0.0.1:30000");
        Assert.Equal(1, exit);
        Assert.Contains("--cluster: a silo joins a cluster through the cluster's Redis (redis://HOST:PORT), not through a gateway", stderr, StringComparison.Ordinal);
        Assert.Contains("liubeisim run SCENARIO --cluster gateway://127.0.0.1:30000", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_refuses_a_cluster_and_says_why_and_what_works()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("compare", "baseline-2023", "sgmw-125-boost", "--cluster", "gateway://127.0.0.1:30000");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("every replication's values of both sides every month", stderr, StringComparison.Ordinal);
        Assert.Contains("liubeisim run A --cluster URL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engine_and_cluster_together_are_refused()
    {
        var (exit, _, stderr) = await CliRun.RunAsync("run", "baseline-2023", "--engine", "inprocess", "--cluster", "gateway://127.0.0.1:30000");
        Assert.Equal(1, exit);
        Assert.StartsWith("--engine and --cluster: give one of them", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runs list")]
    [InlineData("run baseline-2023 -r 10")]
    public async Task An_unreachable_gateway_fails_within_the_bound_with_one_line_that_says_what_to_check(string command)
    {
        // A port found free and not listened on: nothing answers there.
        var port = FreePorts.Take(1)[0];
        var gateway = $"gateway://127.0.0.1:{port}";
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await CliRun.RunAsync([.. command.Split(' '), "--cluster", gateway]);
        clock.Stop();

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains($"cannot connect to the cluster at {gateway}", stderr, StringComparison.Ordinal);
        Assert.Contains("is `liubeisim serve` running there", stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s; the bound is 15 s");
    }
}
