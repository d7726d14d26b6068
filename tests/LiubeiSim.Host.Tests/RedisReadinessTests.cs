using System.Diagnostics;
using System.Net;
using LiubeiSim.Host.Health;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests;

/// <summary>Readiness follows the cluster's Redis both ways, without a restart; liveness never looks at it.</summary>
[Collection(HostCollection.Name)]
public sealed class RedisReadinessTests
{
    private static readonly TimeSpan Notice = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Return = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Readyz_fails_within_seconds_of_Redis_dying_and_recovers_when_a_new_one_starts_while_healthz_stays_200()
    {
        var binary = DebianTools.RedisServer;
        var data = Directory.CreateTempSubdirectory("liubeisim-redis-");
        try
        {
            // Persistent, as a production Redis: the restarted server has the membership table back, so the silo's
            // own entry survives and the host stops cleanly at the end.
            var redis = await RedisServer.StartAsync(binary, dataDirectory: data.FullName);
            var port = redis.Port;
            try
            {
                string[] settings = [$"--Orleans:Redis={redis.ConnectionString}", "--Orleans:AdvertisedHost=127.0.0.1"];
                await using var host = await RunningHost.StartAsync(settings);
                await WaitForReadyzAsync(host, HttpStatusCode.OK, Return);
                var store = host.Services.GetRequiredService<ClusterStoreHealth>();
                Assert.True(store.IsAvailable, store.Problem);

                await redis.DisposeAsync();
                var down = await WaitForReadyzAsync(host, HttpStatusCode.ServiceUnavailable, Notice);
                Assert.Contains($"127.0.0.1:{port}", down, StringComparison.Ordinal);
                Assert.False(await store.CheckAsync(TestContext.Current.CancellationToken));
                Assert.Contains($"127.0.0.1:{port}", store.Problem, StringComparison.Ordinal);

                redis = await RedisServer.StartAsync(binary, port, data.FullName);
                await WaitForReadyzAsync(host, HttpStatusCode.OK, Return);
                Assert.True(store.IsAvailable);
                Assert.Null(store.Problem);
            }
            finally
            {
                await redis.DisposeAsync();
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Polls /readyz until it answers <paramref name="expected"/>, checking on the way that every /readyz and /healthz
    /// answers quickly and that /healthz is always 200; returns the body of the expected answer.
    /// </summary>
    private static async Task<string> WaitForReadyzAsync(RunningHost host, HttpStatusCode expected, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (true)
        {
            var ready = await TimedGetAsync(host, "/readyz");
            if (ready.Status == expected)
            {
                return ready.Body;
            }

            last = $"{(int)ready.Status} {ready.Body}";
            var live = await TimedGetAsync(host, "/healthz");
            Assert.Equal(HttpStatusCode.OK, live.Status);
            Assert.True(clock.Elapsed < limit, $"/readyz did not answer {(int)expected} within {limit}; last: {last}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> TimedGetAsync(RunningHost host, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await host.Http.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(clock.Elapsed < Quick, $"{path} took {clock.Elapsed.TotalSeconds:0.0} s");
        return (response.StatusCode, body);
    }
}
