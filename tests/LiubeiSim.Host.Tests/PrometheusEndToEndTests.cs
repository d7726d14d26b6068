using System.Text.Json;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// The operators' path with real parts: a host on loopback, a real Prometheus scraping it, a scenario run through the
/// API, and the series read back through Prometheus' own query API.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PrometheusEndToEndTests
{
    private static readonly TimeSpan ScrapeLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Orleans_and_LiubeiSim_series_reach_prometheus_and_the_counters_advance_with_a_run()
    {
        var prometheusBinary = DebianTools.Prometheus;
        await using var host = await RunningHost.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(prometheusBinary, host.Address);
        var output = TestContext.Current.TestOutputHelper;

        // Scraped and up; LiubeiSim's counters exist at 0 before any run, Orleans' catalog from the silo's start.
        await prometheus.WaitForAsync("up{job=\"liubeisim\"}", v => v == 1, ScrapeLimit);
        await prometheus.WaitForAsync("count(orleans_catalog_activations{job=\"liubeisim\"})", v => v >= 1, ScrapeLimit);
        var completedBefore = await prometheus.WaitForAsync("sum(liubeisim_runs_completed_total{job=\"liubeisim\"})", v => v >= 0, ScrapeLimit);
        var replicationMonthsBefore = await prometheus.WaitForAsync("sum(liubeisim_replication_months_total{job=\"liubeisim\"})", v => v >= 0, ScrapeLimit);

        const int replications = 500;
        var id = await host.SubmitAsync(new { scenario = "baseline-2023", replications, seed = 1 });
        var status = await host.WaitForOutcomeAsync(id);
        Assert.Equal("completed", status.GetProperty("status").GetString());

        await prometheus.WaitForAsync("sum(liubeisim_runs_completed_total{job=\"liubeisim\"})", v => v >= completedBefore + 1, ScrapeLimit);
        await prometheus.WaitForAsync("sum(liubeisim_replication_months_total{job=\"liubeisim\"})", v => v >= replicationMonthsBefore + (replications * 12), ScrapeLimit);
        await prometheus.WaitForAsync("sum(liubeisim_month_step_duration_seconds_count{job=\"liubeisim\"})", v => v >= 12, ScrapeLimit);
        await prometheus.WaitForAsync("sum(orleans_catalog_activation_created_total{job=\"liubeisim\"})", v => v > 0, ScrapeLimit);
        await prometheus.WaitForAsync("sum(orleans_messaging_processing_dispatcher_received_total{job=\"liubeisim\"})", v => v > 0, ScrapeLimit);

        // What an operator would ask, printed for the record (dotnet test --logger "console;verbosity=detailed").
        foreach (var query in new[]
        {
            "sum by (job) (liubeisim_runs_completed_total{job=\"liubeisim\"})",
            "sum by (job) (liubeisim_replication_months_total{job=\"liubeisim\"})",
        })
        {
            var answer = await prometheus.QueryAsync(query);
            output?.WriteLine($"GET /api/v1/query?query={query}");
            output?.WriteLine(answer.GetRawText());
            Assert.Equal("vector", answer.GetProperty("data").GetProperty("resultType").GetString());
        }

        // deploy/'s alert rules loaded into this Prometheus and evaluate against the real series without errors.
        var rules = JsonDocument.Parse(await prometheus.Http.GetStringAsync("/api/v1/rules", TestContext.Current.CancellationToken)).RootElement;
        var loaded = rules.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        Assert.Equal(4, loaded.Count);
        Assert.All(loaded, rule => Assert.NotEqual("err", rule.GetProperty("health").GetString()));
    }
}
