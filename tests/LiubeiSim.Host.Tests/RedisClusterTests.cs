using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// Hosts configured with Redis form one cluster, as the compose and Kubernetes silos do: they share a run's shards,
/// any host answers for any run, and a run outlives the host that accepted it (its record and result are grain state
/// in Redis).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RedisClusterTests
{
    private static readonly TimeSpan JoinLimit = TimeSpan.FromMinutes(2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string[] Settings(RedisServer redis, string cluster) =>
        [$"--Orleans:Redis={redis.ConnectionString}", "--Orleans:AdvertisedHost=127.0.0.1", $"--Orleans:ClusterId={cluster}"];

    private static string NewCluster() => $"redis-tests-{Guid.NewGuid():N}";

    [Fact]
    public async Task Two_hosts_on_one_redis_form_a_cluster_and_a_run_submitted_to_one_is_answered_by_the_other()
    {
        await using var redis = await RedisServer.StartAsync(DebianTools.RedisServer);
        var settings = Settings(redis, NewCluster());
        await using var first = await RunningHost.StartAsync(settings);
        await using var second = await RunningHost.StartAsync(settings);

        await WaitForActiveSilosAsync(first, 2);
        await WaitForActiveSilosAsync(second, 2);
        Assert.Equal("Healthy", await second.Http.GetStringAsync("/readyz", Cancel));

        var id = await first.SubmitAsync(new { scenario = "baseline-2023", replications = 240, seed = 3, shards = 6 });

        // Followed on the host that did not accept it: the run is the cluster's, not the first host's.
        var status = await second.WaitForOutcomeAsync(id);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(6, status.GetProperty("shards").GetInt32());

        var summary = JsonNode.Parse(await first.GetOkAsync($"/api/runs/{id}/summary"))!;
        var reference = InProcessEngine.Run(ScenarioLibrary.Load("baseline-2023").WithReplications(240).WithSeed(3), cancellationToken: Cancel);
        var expected = RunReport.SummaryJson(reference);
        Assert.True(JsonNode.DeepEquals(expected["indicators"], summary["indicators"]), "indicators differ from the in-process engine's");
        Assert.True(JsonNode.DeepEquals(expected["targets"], summary["targets"]), "targets differ from the in-process engine's");

        // Both hosts give the same status and the same bytes, and those are the reference engine's.
        Assert.Equal(await first.GetOkAsync($"/api/runs/{id}"), await second.GetOkAsync($"/api/runs/{id}"));
        var indicators = await second.GetOkAsync($"/api/runs/{id}/indicators.csv");
        Assert.Equal(await first.GetOkAsync($"/api/runs/{id}/indicators.csv"), indicators);
        Assert.Equal(RunReport.IndicatorsCsv(reference), indicators);
        var listed = await second.Http.GetFromJsonAsync<JsonElement>("/api/runs", Cancel);
        Assert.Contains(listed.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_completed_run_and_its_files_outlive_the_restart_of_its_only_host()
    {
        await using var redis = await RedisServer.StartAsync(DebianTools.RedisServer);
        var settings = Settings(redis, NewCluster());
        string id, status, indicators, targets;
        await using (var host = await RunningHost.StartAsync(settings))
        {
            id = await host.SubmitAsync(new { scenario = "baseline-2023", replications = 200, seed = 11, set = new[] { "horizon.months=6" } });
            Assert.Equal("completed", (await host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
            status = await host.GetOkAsync($"/api/runs/{id}");
            indicators = await host.GetOkAsync($"/api/runs/{id}/indicators.csv");
            targets = await host.GetOkAsync($"/api/runs/{id}/targets.csv");
        }

        // A new process, new ports, the same Redis and cluster id: nothing of the run is left in any memory.
        await using var restarted = await RunningHost.StartAsync(settings);
        Assert.Equal(status, await restarted.GetOkAsync($"/api/runs/{id}"));
        Assert.Equal(indicators, await restarted.GetOkAsync($"/api/runs/{id}/indicators.csv"));
        Assert.Equal(targets, await restarted.GetOkAsync($"/api/runs/{id}/targets.csv"));
        var listed = await restarted.Http.GetFromJsonAsync<JsonElement>("/api/runs?status=completed", Cancel);
        Assert.Equal([id], listed.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_run_in_flight_when_its_host_stops_is_resumed_by_the_restarted_host_and_gives_the_reference_bytes()
    {
        await using var redis = await RedisServer.StartAsync(DebianTools.RedisServer);
        var settings = Settings(redis, NewCluster());
        string id;
        await using (var host = await RunningHost.StartAsync(settings))
        {
            // Long enough to be caught part-way: some seconds on two cores.
            id = await host.SubmitAsync(new { scenario = "baseline-2023", replications = 4000, seed = 5, shards = 4 });
            var inFlight = await host.WaitForProgressAsync(id);
            Assert.True(inFlight.GetProperty("progress").GetDouble() < 1);

            // The listing asks running runs for their progress.
            var running = await host.Http.GetFromJsonAsync<JsonElement>("/api/runs?status=running", Cancel);
            var entry = Assert.Single(running.GetProperty("runs").EnumerateArray());
            Assert.Equal(id, entry.GetProperty("id").GetString());
            Assert.True(entry.GetProperty("progress").GetDouble() > 0, $"no live progress in the listing: {entry}");
        }

        // Stopping the host did not cancel the run: it is still 'running' in Redis, and the new host's keeper (or this
        // very question) starts it again from its first month.
        await using var restarted = await RunningHost.StartAsync(settings);
        var status = await restarted.WaitForOutcomeAsync(id);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.True(status.GetProperty("restarts").GetInt32() >= 1, $"the run was not restarted: {status}");

        var expected = InProcessEngine.Run(ScenarioLibrary.Load("baseline-2023").WithReplications(4000).WithSeed(5), cancellationToken: Cancel);
        Assert.Equal(RunReport.IndicatorsCsv(expected), await restarted.GetOkAsync($"/api/runs/{id}/indicators.csv"));
    }

    [Fact]
    public async Task While_redis_is_unreachable_the_run_api_answers_503_saying_so_and_recovers_when_it_is_back()
    {
        await using var redis = await RedisServer.StartAsync(DebianTools.RedisServer);
        await using var host = await RunningHost.StartAsync(Settings(redis, NewCluster()));
        var known = await host.SubmitAsync(new { scenario = "baseline-2023", replications = 20, set = new[] { "horizon.months=2" } });
        Assert.Equal("completed", (await host.WaitForOutcomeAsync(known)).GetProperty("status").GetString());

        var unknown = Guid.NewGuid().ToString("N");
        await redis.PauseAsync();
        try
        {
            using (var status = await host.Http.GetAsync($"/api/runs/{unknown}", Cancel))
            {
                await AssertStoreUnavailableAsync(status, unknown);
            }

            using var submit = await host.Http.PostAsJsonAsync("/api/runs", new { scenario = "baseline-2023", replications = 20 }, Cancel);
            await AssertStoreUnavailableAsync(submit, unknown);
        }
        finally
        {
            await redis.ResumeAsync();
        }

        // Back: the same questions get their ordinary answers.
        using var again = await host.Http.GetAsync($"/api/runs/{unknown}", Cancel);
        await ApiTests.ProblemAsync(again, HttpStatusCode.NotFound);
        var id = await host.SubmitAsync(new { scenario = "baseline-2023", replications = 20, set = new[] { "horizon.months=2" } });
        Assert.Equal("completed", (await host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
    }

    private static async Task AssertStoreUnavailableAsync(HttpResponseMessage response, string runId)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("the run store is unavailable: ", detail, StringComparison.Ordinal);
        Assert.EndsWith("; try again when it is back", detail, StringComparison.Ordinal);
        Assert.Contains("its grain storage could not be reached", detail, StringComparison.Ordinal);
        Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");

        // Nothing of the cluster's insides: no stack trace, no silo address, no grain key.
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain(runId, body, StringComparison.Ordinal);
        Assert.DoesNotContain("scenariorun", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("runcatalog", body, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task WaitForActiveSilosAsync(RunningHost host, int count)
    {
        var membership = host.Services.GetRequiredService<IClusterMembershipService>();
        var deadline = DateTime.UtcNow + JoinLimit;
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} active silos after {JoinLimit}: {string.Join(", ", membership.CurrentSnapshot.Members.Values.Select(m => $"{m.SiloAddress} {m.Status}"))}");
            await Task.Delay(200, Cancel);
        }
    }
}
