using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace LiubeiSim.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class CompareCancellationTests
{
    [Fact]
    public async Task A_comparison_holds_the_only_slot_until_its_client_goes_away_and_then_stops()
    {
        // A budget large enough for a comparison that would take minutes: 50,000 replications x 120 months, both sides.
        await using var host = await RunningHost.StartAsync("--Compare:MaxReplicationMonths=100000000", "--Compare:MaxConcurrent=1");
        var cancel = TestContext.Current.CancellationToken;
        var small = new { scenario = "sgmw-125-boost", replications = 20 };

        using var client = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, client.Token);
        var big = host.Http.PostAsJsonAsync("/api/compare", new { scenario = "sgmw-125-boost", set = new[] { "horizon.months=120" }, replications = 50_000 }, linked.Token);

        // While it computes, the one slot is taken: another comparison is refused at once, with Retry-After. The pause
        // lets the large one take the slot first, so a probe does not take it from under it.
        await Task.Delay(TimeSpan.FromSeconds(2), cancel);
        await PollAsync(host, small, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), response => Assert.NotNull(response.Headers.RetryAfter), big);
        Assert.False(big.IsCompleted, "the large comparison finished before it could be cancelled");

        await client.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);

        // Cancelled between two months, it frees the slot within seconds rather than minutes.
        var clock = Stopwatch.StartNew();
        await PollAsync(host, small, HttpStatusCode.Created, TimeSpan.FromSeconds(60), _ => { }, null);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the slot was freed {clock.Elapsed.TotalSeconds:0.0} s after the client went away");
    }

    private static async Task PollAsync(RunningHost host, object request, HttpStatusCode wanted, TimeSpan limit, Action<HttpResponseMessage> check, Task<HttpResponseMessage>? mustStayPending)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (mustStayPending is { IsCompleted: true })
            {
                using var ended = await mustStayPending;
                Assert.Fail($"the large comparison ended early: {(int)ended.StatusCode} {await ended.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            }

            using var response = await host.Http.PostAsJsonAsync("/api/compare", request, TestContext.Current.CancellationToken);
            if (response.StatusCode == wanted)
            {
                check(response);
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {(int)wanted} within {limit.TotalSeconds} s; last answer {(int)response.StatusCode}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
