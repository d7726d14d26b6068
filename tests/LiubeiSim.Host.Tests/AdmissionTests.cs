using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// Admission by cost on a real host: runs, comparisons and sweeps too large for the memory budget answer 422 naming the
/// estimate and the limit; runs that fit alone but not together wait; owners over a quota answer 429 with a computed
/// Retry-After; a cancelled queued run gives its place back before DELETE answers. Budgets are set from the estimator
/// itself, so the tests hold whatever its coefficients.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AdmissionTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A run long enough to be seen running for seconds on a busy 2-core machine (about 10 s alone), cancelled by the tests.</summary>
    private static readonly object LongRun = new { scenario = "baseline-2023", replications = 40_000, set = new[] { "horizon.months=36" } };

    private static long LongRunBytes => RunCostEstimator.OnGrains(Scenario("baseline-2023", 40_000, "horizon.months=36"), OrleansEngine.DefaultShards(40_000)).PeakBytes;

    private static Scenario Scenario(string name, int replications, params string[] settings)
    {
        var parsed = ScenarioLibrary.Resolve(name, settings);
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Problems));
        return parsed.Scenario!.WithReplications(replications);
    }

    private static string Size(long bytes) => bytes.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Runs_comparisons_and_sweeps_over_the_budget_answer_422_naming_the_estimate_and_the_limit()
    {
        // The comparison's work limit raised: a comparison large enough to pass 1 GiB is over the default's 1.2 million
        // replication-months, and this test is about memory.
        await using var host = await RunningHost.StartAsync("--Admission:MemoryBudget=1GiB", "--Compare:MaxReplicationMonths=100000000");

        // The probes: each of the first two took a host down with one anonymous POST.
        object[] tooLarge =
        [
            new { scenario = new { name = "x", @base = 2022, horizon = new { start = "2023-01", months = 1 }, replications = 1_000_000, synthetic_firms = 100_000 } },
            new { scenario = "baseline-2023", replications = 200_000, set = new[] { "synthetic_firms=5000" } },
            new { scenario = "baseline-2023", replications = 1_000_000 },
            new { scenario = "baseline-2023", replications = 2, shards = 4_096, set = new[] { "synthetic_firms=100000" } },
        ];
        foreach (var body in tooLarge)
        {
            using var response = await host.Http.PostAsJsonAsync("/api/runs", body, Cancel);
            var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.Equal(1L << 30, problem.GetProperty("memoryBudgetBytes").GetInt64());
            Assert.True(problem.GetProperty("estimatedBytes").GetInt64() > 1L << 30);
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("of memory (", detail, StringComparison.Ordinal);
            Assert.Contains("over the 1 GiB this cluster gives a run (Admission:MemoryBudget=1GiB)", detail, StringComparison.Ordinal);
            Assert.Null(response.Headers.RetryAfter);
        }

        // The count a refusal suggests is accepted.
        using (var refused = await host.Http.PostAsJsonAsync("/api/runs", new { scenario = "baseline-2023", replications = 1_000_000 }, Cancel))
        {
            var most = (await ApiTests.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity)).GetProperty("maxReplications").GetInt32();
            Assert.InRange(most, 1_000, 999_999);
            var id = await host.SubmitAsync(new { scenario = "baseline-2023", replications = most });
            using var _ = await host.Http.DeleteAsync($"/api/runs/{id}", Cancel);
            Assert.Equal(1, (await host.Http.GetFromJsonAsync<JsonElement>("/api/runs", Cancel)).GetProperty("total").GetInt32());
        }

        using (var compare = await host.Http.PostAsJsonAsync("/api/compare", new { scenario = "sgmw-125-boost", replications = 100_000 }, Cancel))
        {
            var problem = await ApiTests.ProblemAsync(compare, HttpStatusCode.UnprocessableEntity);
            Assert.Contains("This comparison (both sides held at once) needs about", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.InRange(problem.GetProperty("maxReplications").GetInt32(), 1_000, 99_999);
        }

        using (var sweep = await host.Http.PostAsJsonAsync("/api/sweeps", new { spec = new { @base = "baseline-2023", replications = 200_000, factors = new Dictionary<string, object> { ["levers.sgmw_demand_growth"] = new[] { 0, 10 } } } }, Cancel))
        {
            var problem = await ApiTests.ProblemAsync(sweep, HttpStatusCode.UnprocessableEntity);
            Assert.Contains("The largest point of this sweep needs about", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Runs_that_fit_alone_but_not_together_wait_for_memory_and_start_when_it_frees()
    {
        // Room for one long run and a half: two slots, but the second waits for the first's memory.
        await using var host = await RunningHost.StartAsync("--Runs:MaxConcurrent=2", $"--Admission:MemoryBudget={Size(LongRunBytes * 3 / 2)}");
        var first = await host.SubmitAsync(LongRun);
        await host.WaitForProgressAsync(first);
        var second = await host.SubmitAsync(LongRun);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var a = await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{first}", Cancel);
                var b = await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{second}", Cancel);
                if (a.GetProperty("status").GetString() != "running")
                {
                    break;
                }

                Assert.Equal("queued", b.GetProperty("status").GetString());
                await Task.Delay(200, Cancel);
            }

            using var _ = await host.Http.DeleteAsync($"/api/runs/{first}", Cancel);
            Assert.Equal("cancelled", (await host.WaitForOutcomeAsync(first)).GetProperty("status").GetString());

            // Started by the run's own word to the catalog, or at the next keep (every 3 s) at the latest.
            await host.WaitForProgressAsync(second);
        }
        finally
        {
            using var _ = await host.Http.DeleteAsync($"/api/runs/{second}", Cancel);
        }

        Assert.Equal("cancelled", (await host.WaitForOutcomeAsync(second)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_comparison_waits_its_turn_while_runs_hold_the_memory()
    {
        var comparison = RunCostEstimator.Comparison(Scenario("sgmw-125-boost", 2_000), Scenario("sgmw-125-boost", 2_000)).PeakBytes;
        await using var host = await RunningHost.StartAsync($"--Admission:MemoryBudget={Size(Math.Max(LongRunBytes, comparison) + (comparison / 2))}");
        var run = await host.SubmitAsync(LongRun);
        await host.WaitForProgressAsync(run);
        var body = new { scenario = "sgmw-125-boost", replications = 2_000 };
        try
        {
            using var busy = await host.Http.PostAsJsonAsync("/api/compare", body, Cancel);
            var problem = await ApiTests.ProblemAsync(busy, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("in use", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.NotNull(busy.Headers.RetryAfter?.Delta);
            Assert.True(busy.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
        }
        finally
        {
            using var _ = await host.Http.DeleteAsync($"/api/runs/{run}", Cancel);
        }

        Assert.Equal("cancelled", (await host.WaitForOutcomeAsync(run)).GetProperty("status").GetString());

        // The run tells the catalog of its end one-way, a moment after it says so itself.
        for (var attempt = 1; ; attempt++)
        {
            using var answer = await host.Http.PostAsJsonAsync("/api/compare", body, Cancel);
            if (answer.StatusCode == HttpStatusCode.Created)
            {
                break;
            }

            await ApiTests.ProblemAsync(answer, HttpStatusCode.ServiceUnavailable);
            Assert.True(attempt < 20, "the comparison was still refused 10 s after the run had stopped");
            await Task.Delay(500, Cancel);
        }
    }

    [Fact]
    public async Task An_owner_at_its_run_quota_gets_429_and_cancelling_a_queued_run_frees_the_slot_at_once()
    {
        await using var host = await RunningHost.StartAsync("--Runs:MaxConcurrent=1", "--Admission:MaxRunsPerOwner=2");
        var running = await host.SubmitAsync(LongRun);
        await host.WaitForProgressAsync(running);
        var queued = await host.SubmitAsync(LongRun);
        var ids = new List<string> { running, queued };
        try
        {
            using (var refused = await host.Http.PostAsJsonAsync("/api/runs", LongRun, Cancel))
            {
                var problem = await ApiTests.ProblemAsync(refused, (HttpStatusCode)429);
                Assert.Contains("Admission:MaxRunsPerOwner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

                // From the running run's progress: when it should end, not a constant.
                var wait = refused.Headers.RetryAfter?.Delta;
                Assert.NotNull(wait);
                Assert.Equal((long)wait.Value.TotalSeconds, problem.GetProperty("retryAfterSeconds").GetInt64());
                Assert.InRange(wait.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
            }

            // No wait between the cancel's answer and the next submission: the slot is free when DELETE answers.
            for (var i = 0; i < 3; i++)
            {
                using (var cancelled = await host.Http.DeleteAsync($"/api/runs/{queued}", Cancel))
                {
                    Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
                }

                queued = await host.SubmitAsync(LongRun);
                ids.Add(queued);
            }
        }
        finally
        {
            foreach (var id in ids)
            {
                using var _ = await host.Http.DeleteAsync($"/api/runs/{id}", Cancel);
            }
        }
    }

    [Fact]
    public async Task A_full_queue_takes_a_new_run_as_soon_as_a_queued_one_is_cancelled()
    {
        await using var host = await RunningHost.StartAsync("--Runs:MaxConcurrent=1", "--Runs:MaxQueued=1");
        var running = await host.SubmitAsync(LongRun);
        await host.WaitForProgressAsync(running);
        var queued = await host.SubmitAsync(LongRun);
        var ids = new List<string> { running, queued };
        try
        {
            for (var i = 0; i < 3; i++)
            {
                using (var full = await host.Http.PostAsJsonAsync("/api/runs", LongRun, Cancel))
                {
                    await ApiTests.ProblemAsync(full, HttpStatusCode.ServiceUnavailable);
                    Assert.NotNull(full.Headers.RetryAfter);
                }

                using (var cancelled = await host.Http.DeleteAsync($"/api/runs/{queued}", Cancel))
                {
                    Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
                    Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetString());
                }

                queued = await host.SubmitAsync(LongRun);
                ids.Add(queued);
            }

            var page = await host.Http.GetFromJsonAsync<JsonElement>("/api/runs?status=queued", Cancel);
            Assert.Equal(queued, Assert.Single(page.GetProperty("runs").EnumerateArray()).GetProperty("id").GetString());
        }
        finally
        {
            foreach (var id in ids)
            {
                using var _ = await host.Http.DeleteAsync($"/api/runs/{id}", Cancel);
            }
        }
    }

    [Fact]
    public async Task The_hourly_quota_answers_429_until_the_hours_runs_age_out_and_a_run_alone_over_it_422()
    {
        // 5,000 replications × 12 months = 60,000 replication-months; two would be 120,000.
        await using var host = await RunningHost.StartAsync("--Admission:MaxReplicationMonthsPerOwnerPerHour=100000");
        var body = new { scenario = "baseline-2023", replications = 5_000 };
        var first = await host.SubmitAsync(body);
        Assert.Equal("completed", (await host.WaitForOutcomeAsync(first)).GetProperty("status").GetString());

        using (var refused = await host.Http.PostAsJsonAsync("/api/runs", body, Cancel))
        {
            var problem = await ApiTests.ProblemAsync(refused, (HttpStatusCode)429);
            Assert.Contains("60,000 replication-months in the last hour", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            // The first run ages out an hour after it was submitted, a few seconds ago.
            Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(55), TimeSpan.FromHours(1));
        }

        using var tooMuch = await host.Http.PostAsJsonAsync("/api/runs", new { scenario = "baseline-2023", replications = 10_000 }, Cancel);
        var alone = await ApiTests.ProblemAsync(tooMuch, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("more than one owner may submit in an hour", alone.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
