using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LiubeiSim.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class QueueTests
{
    [Fact]
    public async Task Runs_beyond_the_concurrency_limit_wait_as_queued_and_a_full_queue_answers_503()
    {
        // One run at a time in the cluster and one waiting in the catalog's queue: the third is refused.
        await using var host = await RunningHost.StartAsync("--Runs:MaxConcurrent=1", "--Runs:MaxQueued=1");
        var cancel = TestContext.Current.CancellationToken;
        var body = new { scenario = "baseline-2023", replications = 50_000 };

        var ids = new List<string>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6 && refused is null; i++)
        {
            var response = await host.Http.PostAsJsonAsync("/api/runs", body, cancel);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("id").GetString()!);
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        try
        {
            Assert.NotNull(refused);
            var problem = await ApiTests.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("waiting", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.True(refused.Headers.RetryAfter is not null, "503 without Retry-After");
            Assert.Equal(2, ids.Count);
            Assert.Contains("Runs:MaxQueued", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            var first = await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{ids[0]}", cancel);
            Assert.Equal("running", first.GetProperty("status").GetString());
            var last = await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{ids[^1]}", cancel);
            Assert.Equal("queued", last.GetProperty("status").GetString());
            Assert.Equal(0.0, last.GetProperty("progress").GetDouble());
            Assert.Equal(JsonValueKind.Null, last.GetProperty("startedAt").ValueKind);
            Assert.Equal(JsonValueKind.Null, last.GetProperty("elapsedSeconds").ValueKind);
            var queued = await host.Http.GetFromJsonAsync<JsonElement>("/api/runs?status=queued", cancel);
            Assert.Equal(ids[^1], Assert.Single(queued.GetProperty("runs").EnumerateArray()).GetProperty("id").GetString());
        }
        finally
        {
            refused?.Dispose();
            foreach (var id in ids)
            {
                using var _ = await host.Http.DeleteAsync($"/api/runs/{id}", cancel);
            }
        }

        foreach (var id in ids)
        {
            Assert.Equal("cancelled", (await host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
        }
    }
}
