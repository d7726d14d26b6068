using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class ApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private RunningHost Host => fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_goes_from_accepted_to_completed_and_its_summary_is_the_engines_own()
    {
        using var response = await Host.Http.PostAsJsonAsync("/api/runs", new { scenario = "baseline-2023", replications = 300, seed = 7 }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        Assert.Equal($"/api/runs/{id}", response.Headers.Location?.OriginalString);

        var status = await Host.WaitForOutcomeAsync(id);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(1.0, status.GetProperty("progress").GetDouble());
        Assert.Equal(id, status.GetProperty("id").GetString());
        Assert.Equal($"/api/runs/{id}/summary.json", status.GetProperty("summaryUrl").GetString());

        // 300 replications are one shard (the engine's choice), computed once: nothing lost, nothing restarted.
        Assert.Equal((1, 0, 0), (status.GetProperty("shards").GetInt32(), status.GetProperty("restarts").GetInt32(), status.GetProperty("shardsRecomputed").GetInt32()));
        Assert.True(status.GetProperty("startedAt").GetDateTimeOffset() >= status.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(status.GetProperty("elapsedSeconds").GetDouble() >= 0);

        using var summaryResponse = await Host.Http.GetAsync($"/api/runs/{id}/summary", Cancel);
        Assert.Equal("application/json", summaryResponse.Content.Headers.ContentType?.MediaType);
        var summary = JsonNode.Parse(await summaryResponse.Content.ReadAsStringAsync(Cancel))!;

        // The reference engine on the same scenario and seed: everything but the engine's name and timings is equal.
        var expected = RunReport.SummaryJson(InProcessEngine.Run(ScenarioLibrary.Load("baseline-2023").WithReplications(300).WithSeed(7), cancellationToken: Cancel));
        Assert.Equal("orleans", summary["engine"]!.GetValue<string>());
        foreach (var field in new[] { "scenario", "seed", "replications", "baseYear", "horizon", "leversSet", "indicators", "targets", "ioTable" })
        {
            Assert.True(JsonNode.DeepEquals(expected[field], summary[field]), $"summary field '{field}' differs from the in-process engine's");
        }
    }

    [Fact]
    public async Task An_inline_scenario_runs_as_yaml_text_and_as_a_json_object()
    {
        ScenarioLibrary.TryGetText("sgmw-125-boost", out var yaml);
        var fromYaml = await Host.SubmitAsync(new { scenario = yaml, replications = 50 });
        var fromJson = await Host.SubmitAsync(new
        {
            scenario = new { name = "json-inline", @base = 2022, horizon = new { start = "2023-01", months = 3 }, replications = 40, seed = 11, levers = new { sgmw_demand_growth = 20 } },
        });

        Assert.Equal("completed", (await Host.WaitForOutcomeAsync(fromYaml)).GetProperty("status").GetString());
        var json = await Host.WaitForOutcomeAsync(fromJson);
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("json-inline", json.GetProperty("scenario").GetString());
        Assert.Equal(40, json.GetProperty("replications").GetInt32());
        Assert.Equal(3, json.GetProperty("months").GetInt32());
    }

    [Fact]
    public async Task An_invalid_scenario_is_a_400_problem_listing_every_validator_finding()
    {
        const string yaml = "name: broken\nbase: 2022\nhorizon:\n  start: 2023-01\n  months: 12\nlevers:\n  sgmw_demand_growth: 500\n  no_such_lever: 1\n";
        using var response = await Host.Http.PostAsJsonAsync("/api/runs", new { scenario = yaml }, Cancel);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.GetProperty("path").GetString() == "scenario: levers.sgmw_demand_growth" && p.GetProperty("line").GetInt32() == 7);
        Assert.Contains(problems, p => p.GetProperty("path").GetString()!.Contains("no_such_lever", StringComparison.Ordinal) && p.GetProperty("line").GetInt32() == 8);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("allowed").GetString())));
    }

    [Theory]
    [InlineData("""{"scenario": "no-such-scenario"}""", "scenario")]
    [InlineData("""{"scenario": "baseline-2023", "replications": 0}""", "replications")]
    [InlineData("""{"scenario": "baseline-2023", "replications": 2000000}""", "replications")]
    [InlineData("""{"scenario": "baseline-2023", "seed": -1}""", "seed")]
    [InlineData("""{"scenario": "baseline-2023", "shards": 0}""", "shards")]
    [InlineData("""{"scenario": "baseline-2023", "colour": "red"}""", "colour")]
    [InlineData("""{"replications": 10}""", "scenario")]
    [InlineData("""{"scenario": 42}""", "scenario")]
    [InlineData("""[1, 2]""", "(body)")]
    public async Task Bad_requests_are_400_problems_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Host.Http.PostAsync("/api/runs", content, Cancel);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("path").GetString() == field);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem()
    {
        // Sent as JSON, but not JSON; a form sent as a form is a 415 (HostileRequestTests).
        using var content = new StringContent("scenario=baseline-2023", Encoding.UTF8, "application/json");
        using var response = await Host.Http.PostAsync("/api/runs", content, Cancel);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not JSON", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_file_path_is_never_read_from_the_servers_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"liubeisim-{Guid.NewGuid():N}.yaml");
        ScenarioLibrary.TryGetText("baseline-2023", out var yaml);
        await File.WriteAllTextAsync(path, yaml, Cancel);
        try
        {
            using var response = await Host.Http.PostAsJsonAsync("/api/runs", new { scenario = path }, Cancel);
            await ProblemAsync(response, HttpStatusCode.BadRequest);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Unknown_runs_and_routes_are_404_problems()
    {
        using var status = await Host.Http.GetAsync("/api/runs/0123456789abcdef", Cancel);
        var problem = await ProblemAsync(status, HttpStatusCode.NotFound);
        Assert.Equal("No run '0123456789abcdef' in this cluster: never submitted, or forgotten by retention.", problem.GetProperty("detail").GetString());
        using var summary = await Host.Http.GetAsync("/api/runs/0123456789abcdef/summary", Cancel);
        await ProblemAsync(summary, HttpStatusCode.NotFound);
        using var cancel = await Host.Http.DeleteAsync("/api/runs/0123456789abcdef", Cancel);
        await ProblemAsync(cancel, HttpStatusCode.NotFound);
        using var route = await Host.Http.GetAsync("/api/nothing-here", Cancel);
        await ProblemAsync(route, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("status=done", "queued, running, completed, failed, cancelled")]
    [InlineData("status=", "queued, running, completed, failed, cancelled")]
    [InlineData("limit=0", "1 to 500")]
    [InlineData("limit=501", "1 to 500")]
    [InlineData("limit=ten", "1 to 500")]
    [InlineData("after=0123456789abcdef", "list again without after")]
    public async Task A_bad_status_limit_or_after_of_a_listing_is_a_400_naming_what_is_accepted(string query, string detail)
    {
        using var response = await Host.Http.GetAsync($"/api/runs?{query}", Cancel);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_ends_cancelled_without_a_summary()
    {
        // Large enough to be still running when the DELETE arrives; cancelled once running, so the run grain is told to stop.
        var id = await Host.SubmitAsync(new { scenario = "baseline-2023", replications = 50_000 });
        var deadline = DateTime.UtcNow + RunningHost.RunTimeout;
        while ((await Host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", Cancel)).GetProperty("status").GetString() == "queued")
        {
            Assert.True(DateTime.UtcNow < deadline, "the run never started");
            await Task.Delay(10, Cancel);
        }

        using var cancel = await Host.Http.DeleteAsync($"/api/runs/{id}", Cancel);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var status = await Host.WaitForOutcomeAsync(id);
        Assert.Equal("cancelled", status.GetProperty("status").GetString());
        using var summary = await Host.Http.GetAsync($"/api/runs/{id}/summary", Cancel);
        var problem = await ProblemAsync(summary, HttpStatusCode.Conflict);
        Assert.Equal("cancelled", problem.GetProperty("runStatus").GetString());
        using var again = await Host.Http.DeleteAsync($"/api/runs/{id}", Cancel);
        await ProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_healthy_once_the_silo_is_active()
    {
        Assert.Equal("Healthy", await Host.Http.GetStringAsync("/healthz", Cancel));
        Assert.Equal("Healthy", await Host.Http.GetStringAsync("/readyz", Cancel));
    }

    [Fact]
    public async Task The_dashboard_is_off_unless_enabled()
    {
        using var response = await Host.Http.GetAsync("/dashboard/", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_builtin_scenarios_are_listed()
    {
        var names = await Host.Http.GetFromJsonAsync<string[]>("/api/scenarios", Cancel);
        Assert.Equal(ScenarioLibrary.Names, names);
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
