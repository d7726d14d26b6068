using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// No accepted request can exhaust memory: the host in a process of its own under a hard heap limit takes the issue's
/// worst cases, runs at the edge of its budget and random ones (CsCheck), runs what it accepts two at a time, and stays
/// up, its probes answering throughout and after.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HardLimitTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LetThemRun = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] Finished = ["completed", "failed", "cancelled"];

    /// <summary>The budget is half the heap limit; the host itself needs some 100 MiB of heap beside it.</summary>
    [Theory]
    [InlineData(512, 4)]
    [InlineData(1024, 2)]
    public async Task A_host_under_a_hard_heap_limit_stays_up_and_healthy_whatever_it_is_asked_to_run(int heapMiB, int concurrent)
    {
        var heapLimit = (long)heapMiB << 20;
        await using var host = await HostProcess.StartAsync(
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = $"0x{heapLimit:X}" },
            $"--Runs:MaxConcurrent={concurrent}",
            "--Runs:MaxQueued=1000",
            "--Admission:MaxRunsPerOwner=0",
            "--Admission:MaxReplicationMonthsPerOwnerPerHour=0");
        await using var health = HealthWatch.Start(host);
        var budget = heapLimit / 2;
        var accepted = new ConcurrentBag<string>();

        // The issue's probes, each of which took a host down: refused, with the budget derived from the heap limit.
        object[] worst =
        [
            new { scenario = new { name = "x", @base = 2022, horizon = new { start = "2023-01", months = 1 }, replications = 1_000_000, synthetic_firms = 100_000 } },
            new { scenario = "baseline-2023", replications = 200_000, set = new[] { "synthetic_firms=5000" } },
            new { scenario = "baseline-2023", replications = 1_000_000, set = new[] { "horizon.months=120" } },
            new { scenario = "baseline-2023", replications = 4_096, shards = 4_096 },
        ];
        var edges = new List<object>();
        foreach (var body in worst)
        {
            using var response = await host.Http.PostAsJsonAsync("/api/runs", body, Cancel);
            var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.Equal(budget, problem.GetProperty("memoryBudgetBytes").GetInt64());
            Assert.True(problem.GetProperty("estimatedBytes").GetInt64() > budget);
        }

        // At the edge: the most replications that fit, twice over (they fit alone, not together), with firms too.
        foreach (var settings in new[] { new[] { "horizon.months=12" }, ["horizon.months=3", "synthetic_firms=2000"] })
        {
            using var response = await host.Http.PostAsJsonAsync("/api/runs", new { scenario = "baseline-2023", replications = 1_000_000, set = settings }, Cancel);
            var most = (await ApiTests.ProblemAsync(response, HttpStatusCode.UnprocessableEntity)).GetProperty("maxReplications").GetInt32();
            Assert.True(most > 0, $"nothing of {string.Join(' ', settings)} fits {budget} bytes");
            for (var i = 0; i < 2; i++)
            {
                accepted.Add((await SubmitAsync(host, new { scenario = "baseline-2023", replications = most, set = settings }, expectAccepted: true))!);
            }
        }

        // Random runs up to the API's maxima; accepted exactly when their estimate fits.
        var logUniform = Gen.Double[1, 6].Select(x => (int)Math.Clamp(Math.Pow(10, x), 1, 1_000_000));
        var gen = Gen.Select(
            logUniform,
            Gen.Int[1, 120],
            Gen.Frequency((3, Gen.Const(0)), (2, Gen.Double[0, 5].Select(x => (int)Math.Pow(10, x)))),
            Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 4_096])),
            Gen.Int[0, 24]);
        var statuses = new ConcurrentDictionary<int, int>();
        await gen.SampleAsync(
            async (replications, months, firms, shards, delay) =>
            {
                string[] settings = [$"horizon.months={months}", $"synthetic_firms={firms}", $"levers.project_delay_months={delay}"];
                var scenario = ScenarioLibrary.Resolve("baseline-2023", settings).Scenario!.WithReplications(replications);
                var estimate = RunCostEstimator.OnGrains(scenario, shards > 0 ? shards : OrleansEngine.DefaultShards(replications)).PeakBytes;
                object body = shards > 0 ? new { scenario = "baseline-2023", replications, shards, set = settings } : new { scenario = "baseline-2023", replications, set = settings };
                var id = await SubmitAsync(host, body, expectAccepted: estimate <= budget, statuses);
                if (id is not null)
                {
                    accepted.Add(id);
                }
            },
            iter: 40,
            threads: 1);
        output.WriteLine($"random runs: {string.Join(", ", statuses.Select(s => $"{s.Value} answered {s.Key}"))}; {accepted.Count} accepted in all");

        // Let what was accepted run, two at a time, then cancel the rest; the host must outlive all of it.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < LetThemRun && !await AllFinishedAsync(host, accepted))
        {
            Assert.False(host.HasExited, $"the host died:\n{host.Output}");
            await Task.Delay(1000, Cancel);
        }

        foreach (var id in accepted)
        {
            using var _ = await host.Http.DeleteAsync($"/api/runs/{id}", Cancel);
        }

        var stopping = Stopwatch.StartNew();
        while (!await AllFinishedAsync(host, accepted))
        {
            Assert.True(stopping.Elapsed < TimeSpan.FromMinutes(2), "cancelled runs did not stop within 2 minutes");
            await Task.Delay(500, Cancel);
        }

        Assert.False(host.HasExited, $"the host died:\n{host.Output}");
        var failed = new List<string>();
        foreach (var id in accepted)
        {
            var status = await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", Cancel);
            if (status.GetProperty("status").GetString() == "failed")
            {
                failed.Add($"{id}: {status.GetProperty("error")}");
            }
        }

        Assert.True(failed.Count == 0, $"accepted runs failed: {string.Join("; ", failed)}");
        var summary = await health.StopAsync();
        output.WriteLine(summary.ToString());
        // Kubernetes acts on consecutive failures, never one (deploy/kubernetes/deployment.yaml: readiness after 2, liveness
        // after 6): the listener may miss a 1 s deadline once on a loaded 2-core machine (a collector pause), never twice
        // running. Isolated misses are printed with the latencies; speed itself is the benchmarks' to measure.
        output.WriteLine($"probe listener misses: {summary.ProbeFailures.Count} ({string.Join("; ", summary.ProbeFailures.Take(5))}), longest run of misses {summary.ProbeLongestMissRun}");
        Assert.True(summary.ProbeLongestMissRun < 2, $"the probe listener's /healthz missed {summary.ProbeLongestMissRun} times running (readiness fails at 2): {string.Join("; ", summary.ProbeFailures.Take(5))}");
        Assert.True(summary.ApiFailures.Count == 0, $"the API's /healthz missed: {string.Join("; ", summary.ApiFailures.Take(5))}");
        Assert.Equal("Healthy", await host.Http.GetStringAsync("/healthz", Cancel));
    }

    private static async Task<string?> SubmitAsync(HostProcess host, object body, bool expectAccepted, ConcurrentDictionary<int, int>? statuses = null)
    {
        using var response = await host.Http.PostAsJsonAsync("/api/runs", body, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        statuses?.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        var expected = expectAccepted ? HttpStatusCode.Accepted : HttpStatusCode.UnprocessableEntity;
        Assert.True(response.StatusCode == expected, $"{JsonSerializer.Serialize(body)}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return expectAccepted ? JsonDocument.Parse(text).RootElement.GetProperty("id").GetString() : null;
    }

    private static async Task<bool> AllFinishedAsync(HostProcess host, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            var status = await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", Cancel);
            if (!Finished.Contains(status.GetProperty("status").GetString()))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Polls /healthz on the probe listener and on the API every 100 ms, each on a new connection as a kubelet does, and
    /// notes every answer that is not 200 in time: within 1 s on the probe listener (a liveness probe's timeout), within 30 s
    /// on the API (which waits for the thread pool).
    /// </summary>
    private sealed class HealthWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<double> _probe = [];
        private readonly List<double> _api = [];
        private readonly List<string> _probeFailures = [];
        private readonly List<string> _apiFailures = [];
        private Task<int> _probeWatching = Task.FromResult(0);
        private Task<int> _apiWatching = Task.FromResult(0);

        public static HealthWatch Start(HostProcess host)
        {
            var watch = new HealthWatch();
            watch._probeWatching = watch.PollAsync(new Uri(host.Probes, "/healthz"), TimeSpan.FromSeconds(1), watch._probe, watch._probeFailures);
            watch._apiWatching = watch.PollAsync(new Uri(host.Address, "/healthz"), TimeSpan.FromSeconds(30), watch._api, watch._apiFailures);
            return watch;
        }

        public async Task<Summary> StopAsync()
        {
            await _stop.CancelAsync();
            var longest = await _probeWatching;
            await _apiWatching;
            return new Summary(_probe.ToList(), _api.ToList(), _probeFailures.ToList(), _apiFailures.ToList(), longest);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_probeWatching, _apiWatching);
            _stop.Dispose();
        }

        /// <summary>Polls until stopped; returns the longest run of consecutive misses.</summary>
        private async Task<int> PollAsync(Uri url, TimeSpan limit, List<double> latencies, List<string> failures)
        {
            // A connection per probe, as a kubelet opens one: a new connection is what waits longest on a busy host.
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = limit };
            var run = 0;
            var longest = 0;
            while (!_stop.IsCancellationRequested)
            {
                var missesBefore = failures.Count;
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await http.GetAsync(url, CancellationToken.None);
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Add($"{(int)response.StatusCode} after {clock.Elapsed.TotalMilliseconds:F0} ms");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    failures.Add($"{e.GetType().Name} after {clock.Elapsed.TotalMilliseconds:F0} ms: {e.Message}");
                }

                run = failures.Count > missesBefore ? run + 1 : 0;
                longest = Math.Max(longest, run);

                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return longest;
                }
            }

            return longest;
        }

        public sealed record Summary(List<double> Probe, List<double> Api, List<string> ProbeFailures, List<string> ApiFailures, int ProbeLongestMissRun)
        {
            public override string ToString() => $"/healthz latency, probe listener: {Describe(Probe)}; API: {Describe(Api)}";

            private static string Describe(List<double> ms)
            {
                if (ms.Count == 0)
                {
                    return "no answers";
                }

                var sorted = ms.Order().ToList();
                return $"p50 {sorted[sorted.Count / 2]:F1} ms, p99 {sorted[(int)(0.99 * (sorted.Count - 1))]:F1} ms, max {sorted[^1]:F1} ms over {sorted.Count}";
            }
        }
    }
}
