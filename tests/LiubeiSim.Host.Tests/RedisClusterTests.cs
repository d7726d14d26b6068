using System.Net;
using System.Text.Json.Nodes;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace LiubeiSim.Host.Tests;

/// <summary>Two hosts configured with Redis form one cluster, as the compose and Kubernetes silos do, and share a run's shards.</summary>
[Collection(HostCollection.Name)]
public sealed class RedisClusterTests
{
    private static readonly TimeSpan JoinLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Two_hosts_on_one_redis_form_a_cluster_and_a_run_spread_over_both_gives_the_reference_numbers()
    {
        await using var redis = await RedisServer.StartAsync(DebianTools.RedisServer);
        var cluster = $"redis-tests-{Guid.NewGuid():N}";
        string[] settings = [$"--Orleans:Redis={redis.ConnectionString}", "--Orleans:AdvertisedHost=127.0.0.1", $"--Orleans:ClusterId={cluster}"];
        await using var first = await RunningHost.StartAsync(settings);
        await using var second = await RunningHost.StartAsync(settings);

        await WaitForActiveSilosAsync(first, 2);
        await WaitForActiveSilosAsync(second, 2);
        Assert.Equal("Healthy", await second.Http.GetStringAsync("/readyz", TestContext.Current.CancellationToken));

        var id = await first.SubmitAsync(new { scenario = "baseline-2023", replications = 240, seed = 3, shards = 6 });
        var status = await first.WaitForOutcomeAsync(id);
        Assert.Equal("completed", status.GetProperty("status").GetString());

        var summary = JsonNode.Parse(await first.Http.GetStringAsync($"/api/runs/{id}/summary", TestContext.Current.CancellationToken))!;
        var expected = RunReport.SummaryJson(InProcessEngine.Run(
            ScenarioLibrary.Load("baseline-2023").WithReplications(240).WithSeed(3), cancellationToken: TestContext.Current.CancellationToken));
        Assert.True(JsonNode.DeepEquals(expected["indicators"], summary["indicators"]), "indicators differ from the in-process engine's");
        Assert.True(JsonNode.DeepEquals(expected["targets"], summary["targets"]), "targets differ from the in-process engine's");

        // The run belongs to the host that accepted it, as the runbook says.
        using var elsewhere = await second.Http.GetAsync($"/api/runs/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    private static async Task WaitForActiveSilosAsync(RunningHost host, int count)
    {
        var membership = host.Services.GetRequiredService<IClusterMembershipService>();
        var deadline = DateTime.UtcNow + JoinLimit;
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} active silos after {JoinLimit}: {string.Join(", ", membership.CurrentSnapshot.Members.Values.Select(m => $"{m.SiloAddress} {m.Status}"))}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
