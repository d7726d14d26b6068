using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiubeiSim.Grains.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Host.Tests;

/// <summary><c>GET /api/runs</c> pages the cluster's run catalog, and the <c>Runs</c> section sets the catalog's limits and retention.</summary>
[Collection(HostCollection.Name)]
public sealed class RunListTests
{
    /// <summary>A run of a few milliseconds: 20 replications over two months.</summary>
    private static readonly object Small = new { scenario = "baseline-2023", replications = 20, set = new[] { "horizon.months=2" } };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Walking_next_gives_every_run_once_newest_first_and_status_filters()
    {
        await using var host = await RunningHost.StartAsync();
        var submitted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            submitted.Add(await host.SubmitAsync(Small));
        }

        foreach (var id in submitted)
        {
            Assert.Equal("completed", (await host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
        }

        // A sixth run, cancelled, so that a status filter has something to leave out.
        var cancelled = await host.SubmitAsync(new { scenario = "baseline-2023", replications = 50_000 });
        using (var delete = await host.Http.DeleteAsync($"/api/runs/{cancelled}", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        Assert.Equal("cancelled", (await host.WaitForOutcomeAsync(cancelled)).GetProperty("status").GetString());

        // Two at a time, following the Link header: 2 + 2 + 1 completed runs, each once, newest first.
        var seen = new List<string>();
        var pages = 0;
        string? path = "/api/runs?status=completed&limit=2";
        while (path is not null)
        {
            Assert.True(++pages <= 3, "more pages than 5 runs in twos make");
            using var response = await host.Http.GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            Assert.Equal(5, page.GetProperty("total").GetInt32());
            var runs = page.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(pages < 3 ? 2 : 1, runs.Count);
            foreach (var run in runs)
            {
                var id = run.GetProperty("id").GetString()!;
                seen.Add(id);
                Assert.Equal(("completed", 1.0, $"/api/runs/{id}", $"/api/runs/{id}/summary.json"), (run.GetProperty("status").GetString(), run.GetProperty("progress").GetDouble(), run.GetProperty("url").GetString(), run.GetProperty("summaryUrl").GetString()));
                Assert.Equal(("baseline-2023", 20, 2), (run.GetProperty("scenario").GetString(), run.GetProperty("replications").GetInt32(), run.GetProperty("months").GetInt32()));
            }

            var next = page.GetProperty("next");
            if (next.ValueKind == JsonValueKind.Null)
            {
                Assert.False(response.Headers.Contains("Link"), "a Link header on the last page");
                path = null;
            }
            else
            {
                Assert.Equal(runs[^1].GetProperty("id").GetString(), next.GetString());
                var link = Assert.Single(response.Headers.GetValues("Link"));
                Assert.Equal($"</api/runs?status=completed&limit=2&after={next.GetString()}>; rel=\"next\"", link);
                path = link[1..link.IndexOf('>', StringComparison.Ordinal)];
            }
        }

        Assert.Equal(Enumerable.Reverse(submitted), seen);

        // Without a filter every run is there, the cancelled one newest; with one, only that state's.
        var all = await host.Http.GetFromJsonAsync<JsonElement>("/api/runs", Cancel);
        Assert.Equal(6, all.GetProperty("total").GetInt32());
        Assert.Equal(new[] { cancelled }.Concat(Enumerable.Reverse(submitted)), all.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next").ValueKind);
        var onlyCancelled = await host.Http.GetFromJsonAsync<JsonElement>("/api/runs?status=cancelled", Cancel);
        var entry = Assert.Single(onlyCancelled.GetProperty("runs").EnumerateArray());
        Assert.Equal((cancelled, "cancelled", JsonValueKind.Null), (entry.GetProperty("id").GetString(), entry.GetProperty("status").GetString(), entry.GetProperty("progress").ValueKind));
        foreach (var state in new[] { "queued", "running", "failed" })
        {
            var none = await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs?status={state}", Cancel);
            Assert.Equal((0, 0), (none.GetProperty("total").GetInt32(), none.GetProperty("runs").GetArrayLength()));
        }

        // A page after a run of another state is placed by that run's age, not emptied.
        var afterCancelled = await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs?status=completed&limit=1&after={cancelled}", Cancel);
        Assert.Equal(submitted[^1], Assert.Single(afterCancelled.GetProperty("runs").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Past_Runs_Retained_the_oldest_finished_run_is_forgotten_and_answers_404()
    {
        await using var host = await RunningHost.StartAsync("--Runs:Retained=2", "--Runs:RetainedFor=30.00:00:00", "--Runs:MaxQueued=7");

        // The section is the cluster's run store options, TimeSpan and all.
        var options = host.Services.GetRequiredService<IOptions<RunStoreOptions>>().Value;
        Assert.Equal((2, TimeSpan.FromDays(30), 7, 2), (options.Retained, options.RetainedFor, options.MaxQueued, options.MaxConcurrent));

        // One after another, so they finish in order: the first is the oldest finished when the third ends.
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await host.SubmitAsync(Small);
            Assert.Equal("completed", (await host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
            ids.Add(id);
        }

        // The run reports its end one-way, so the catalog forgets a moment later.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var first = await host.Http.GetAsync($"/api/runs/{ids[0]}", Cancel);
            if (first.StatusCode == HttpStatusCode.NotFound)
            {
                var problem = await ApiTests.ProblemAsync(first, HttpStatusCode.NotFound);
                Assert.Equal($"No run '{ids[0]}' in this cluster: never submitted, or forgotten by retention.", problem.GetProperty("detail").GetString());
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {ids[0]} was not forgotten: {await first.Content.ReadAsStringAsync(Cancel)}");
            await Task.Delay(100, Cancel);
        }

        using (var file = await host.Http.GetAsync($"/api/runs/{ids[0]}/indicators.csv", Cancel))
        {
            await ApiTests.ProblemAsync(file, HttpStatusCode.NotFound);
        }

        foreach (var id in ids.Skip(1))
        {
            Assert.Equal("completed", (await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", Cancel)).GetProperty("status").GetString());
            await host.GetOkAsync($"/api/runs/{id}/indicators.csv");
        }

        var listed = await host.Http.GetFromJsonAsync<JsonElement>("/api/runs", Cancel);
        Assert.Equal(new[] { ids[2], ids[1] }, listed.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }
}
