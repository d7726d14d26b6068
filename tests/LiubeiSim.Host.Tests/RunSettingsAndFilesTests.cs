using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// <c>set</c> and <c>assumptions</c> on <c>POST /api/runs</c>, and a run's files and fan charts: each checked against
/// what the CLI's own code (ScenarioLibrary.Resolve with the same settings, RunReport, the in-process engine) gives.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RunSettingsAndFilesTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly string[] Settings = ["levers.sgmw_demand_growth=20", "assumptions.chain.auto_parts_machinery.jobs_per_output=55"];

    private RunningHost Host => fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The CLI's scenario for <c>liubeisim run NAME --set ... -r R -s S</c>, run by the reference engine.</summary>
    private static RunResult Expected(string name, IReadOnlyList<string> settings, int replications, ulong seed)
    {
        var parsed = ScenarioLibrary.Resolve(name, settings);
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Problems));
        return InProcessEngine.Run(parsed.Scenario!.WithReplications(replications).WithSeed(seed), cancellationToken: Cancel);
    }

    [Fact]
    public async Task A_run_with_settings_is_the_cli_scenario_with_the_same_settings_and_its_files_are_the_cli_files()
    {
        var id = await Host.SubmitAsync(new { scenario = "baseline-2023", set = Settings, replications = 200, seed = 7 });
        Assert.Equal("completed", (await Host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
        var expected = Expected("baseline-2023", Settings, 200, 7);

        var summaryJson = await GetAsync($"/api/runs/{id}/summary.json", "application/json");
        Assert.Equal(summaryJson, await GetAsync($"/api/runs/{id}/summary", "application/json"));
        var summary = JsonNode.Parse(summaryJson)!;
        Assert.Equal(20, summary["leversSet"]!["sgmw_demand_growth"]!.GetValue<double>());
        Assert.Equal(55, summary["assumptions"]!["chain.auto_parts_machinery.jobs_per_output"]!.GetValue<double>());
        var reference = RunReport.SummaryJson(expected);
        foreach (var field in new[] { "scenario", "seed", "replications", "leversSet", "assumptions", "resolvedScenario", "indicators", "targets" })
        {
            Assert.True(JsonNode.DeepEquals(reference[field], summary[field]), $"summary field '{field}' differs from the CLI's");
        }

        // The CSV files hold no engine name or timing: the same run gives the same bytes, whichever engine ran it.
        Assert.Equal(RunReport.IndicatorsCsv(expected), await GetAsync($"/api/runs/{id}/indicators.csv", "text/csv"));
        Assert.Equal(RunReport.TargetsCsv(expected), await GetAsync($"/api/runs/{id}/targets.csv", "text/csv"));
    }

    [Fact]
    public async Task Settings_are_validated_like_the_clis_and_each_problem_names_its_entry()
    {
        string[] settings = ["levers.sgmw_demand_growth=20", "levers.sgmw_demand_growth=500", "levers.sgmw_demand_grwth=2", "assumptions.chain.auto_parts.jobs_per_output=55", "nonsense"];
        using var response = await Host.Http.PostAsJsonAsync("/api/runs", new { scenario = "baseline-2023", set = settings }, Cancel);

        var problems = (await ApiTests.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("problems").EnumerateArray().ToList();
        var cli = ScenarioLibrary.Resolve("baseline-2023", settings).Problems;
        Assert.Equal(cli.Count, problems.Count);
        foreach (var expected in cli)
        {
            // The CLI's file is "--set KEY=VALUE"; the API names the list entry: set[i]: path.
            var index = Array.IndexOf(settings, expected.File["--set ".Length..]);
            var path = expected.Path == ScenarioProblem.DocumentPath ? $"set[{index}]" : $"set[{index}]: {expected.Path}";
            Assert.Contains(problems, p => p.GetProperty("path").GetString() == path
                && p.GetProperty("message").GetString() == expected.Message
                && p.GetProperty("allowed").GetString() == expected.Allowed
                && p.GetProperty("line").ValueKind == JsonValueKind.Null);
        }

        Assert.Contains(problems, p => p.GetProperty("message").GetString()!.Contains("did you mean 'sgmw_demand_growth'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.GetProperty("message").GetString()!.Contains("did you mean 'chain.auto_parts_machinery.jobs_per_output'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"scenario": "baseline-2023", "set": "levers.sgmw_demand_growth=20"}""", "set")]
    [InlineData("""{"scenario": "baseline-2023", "set": {"levers.sgmw_demand_growth": 20}}""", "set")]
    [InlineData("""{"scenario": "baseline-2023", "set": ["levers.sgmw_demand_growth=20", 5]}""", "set[1]")]
    [InlineData("""{"scenario": "baseline-2023", "set": ["shocks=1"]}""", "set[0]: shocks")]
    [InlineData("""{"scenario": "baseline-2023", "sett": []}""", "sett")]
    public async Task Malformed_settings_are_400_problems_naming_the_field(string body, string path)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Host.Http.PostAsync("/api/runs", content, Cancel);

        var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("path").GetString() == path);
    }

    [Fact]
    public async Task More_settings_than_the_cli_accepts_are_refused_before_any_is_read()
    {
        var settings = Enumerable.Range(0, ScenarioSettings.MaxSettings + 1).Select(i => $"levers.sgmw_demand_growth={i % 50}").ToArray();
        using var response = await Host.Http.PostAsJsonAsync("/api/runs", new { scenario = "baseline-2023", set = settings }, Cancel);

        var problems = (await ApiTests.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("problems").EnumerateArray().ToList();
        var problem = Assert.Single(problems);
        Assert.Equal("set", problem.GetProperty("path").GetString());
        Assert.Contains($"{ScenarioSettings.MaxSettings}", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_with_an_assumptions_block_runs_as_yaml_text_and_as_a_json_object()
    {
        const string yaml = "name: jobs-heavy\nbase: 2022\nhorizon:\n  start: 2023-01\n  months: 6\nreplications: 60\nseed: 3\nassumptions:\n  chain.auto_parts_machinery.jobs_per_output: 55\n";
        var fromYaml = await Host.SubmitAsync(new { scenario = yaml });
        var fromJson = await Host.SubmitAsync(new
        {
            scenario = new Dictionary<string, object>
            {
                ["name"] = "jobs-heavy",
                ["base"] = 2022,
                ["horizon"] = new { start = "2023-01", months = 6 },
                ["replications"] = 60,
                ["seed"] = 3,
                ["assumptions"] = new Dictionary<string, double> { ["chain.auto_parts_machinery.jobs_per_output"] = 55 },
            },
        });

        var expected = RunReport.IndicatorsCsv(InProcessEngine.Run(ScenarioParser.ParseText("jobs-heavy", yaml).Scenario!, cancellationToken: Cancel));
        foreach (var id in new[] { fromYaml, fromJson })
        {
            Assert.Equal("completed", (await Host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
            var summary = JsonNode.Parse(await GetAsync($"/api/runs/{id}/summary.json", "application/json"))!;
            Assert.Equal(55, summary["assumptions"]!["chain.auto_parts_machinery.jobs_per_output"]!.GetValue<double>());
            Assert.Equal(expected, await GetAsync($"/api/runs/{id}/indicators.csv", "text/csv"));
        }
    }

    [Fact]
    public async Task An_invalid_assumption_in_a_scenario_is_located_at_its_line()
    {
        const string yaml = "name: bad-assumption\nbase: 2022\nhorizon:\n  start: 2023-01\n  months: 6\nassumptions:\n  chain.auto_parts_machinery.jobs_per_outpt: 55\n";
        using var response = await Host.Http.PostAsJsonAsync("/api/runs", new { scenario = yaml }, Cancel);

        var problem = Assert.Single((await ApiTests.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("problems").EnumerateArray());
        Assert.Equal(7, problem.GetProperty("line").GetInt32());
        Assert.StartsWith("scenario: assumptions", problem.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Contains("did you mean 'chain.auto_parts_machinery.jobs_per_output'", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fan_chart_holds_every_month_of_the_series_and_the_target_lines_on_it()
    {
        var id = await Host.SubmitAsync(new { scenario = "baseline-2023", replications = 150, seed = 5 });
        Assert.Equal("completed", (await Host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
        var expected = Expected("baseline-2023", [], 150, 5);

        var fan = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/fan?indicator=industrial_output&scope=district", Cancel);
        var series = SeriesLayout.IndexOf("industrial_output", "district");
        Assert.Equal(("industrial_output", "district", "亿元", "flow"), (fan.GetProperty("indicator").GetString(), fan.GetProperty("scope").GetString(), fan.GetProperty("unit").GetString(), fan.GetProperty("kind").GetString()));
        Assert.Equal(expected.BaseValues[series], fan.GetProperty("base").GetDouble());
        var months = fan.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(expected.Months, months.Count);
        for (var m = 0; m < months.Count; m++)
        {
            var s = expected.At(m, series);
            Assert.Equal(expected.Scenario.Start.AddMonths(m).ToString(), months[m].GetProperty("month").GetString());
            Assert.Equal(
                [s.P5, s.P10, s.P50, s.P90, s.P95, s.Mean],
                new[] { "p5", "p10", "p50", "p90", "p95", "mean" }.Select(q => months[m].GetProperty(q).GetDouble()));
        }

        // baseline-2023 wants industrial output 5 % over 2022: the line sits at base × 1.05.
        var target = Assert.Single(fan.GetProperty("targets").EnumerateArray());
        var expectedTarget = Assert.Single(expected.Targets, t => t.Target.Indicator == "industrial_output");
        Assert.Equal(expectedTarget.Target.Name, target.GetProperty("name").GetString());
        Assert.Equal("growth", target.GetProperty("measure").GetString());
        Assert.Equal(expected.BaseValues[series]!.Value * (1 + (expectedTarget.Target.Threshold / 100)), target.GetProperty("level").GetDouble(), 9);
        Assert.Equal(expectedTarget.Probability, target.GetProperty("probability").GetDouble());

        // The scope defaults to the district; a chain's series has no target here.
        Assert.Equal(fan.GetRawText(), (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/fan?indicator=industrial_output", Cancel)).GetRawText());
        var chain = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/fan?indicator=employment&scope=auto_parts_machinery", Cancel);
        Assert.Empty(chain.GetProperty("targets").EnumerateArray());
        Assert.Equal(expected.At(0, SeriesLayout.IndexOf("employment", "auto_parts_machinery")).P50, chain.GetProperty("months")[0].GetProperty("p50").GetDouble());
    }

    [Theory]
    [InlineData("", "missing")]
    [InlineData("indicator=industrial_outpt", "did you mean 'industrial_output'")]
    [InlineData("indicator=industrial_output&scope=auto_parts", "did you mean 'auto_parts_machinery'")]
    [InlineData("indicator=gdp&scope=auto_parts_machinery", "Its scopes: district")]
    public async Task A_fan_chart_of_an_unknown_indicator_or_scope_is_a_400_that_suggests_the_name(string query, string detail)
    {
        var id = await Host.SubmitAsync(new { scenario = "baseline-2023", replications = 20 });
        await Host.WaitForOutcomeAsync(id);

        using var response = await Host.Http.GetAsync($"/api/runs/{id}/fan?{query}", Cancel);
        var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString() + problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("summary.json")]
    [InlineData("indicators.csv")]
    [InlineData("targets.csv")]
    [InlineData("fan?indicator=gdp")]
    public async Task The_files_of_an_unknown_run_are_404_and_of_an_unfinished_run_409(string file)
    {
        using var unknown = await Host.Http.GetAsync($"/api/runs/0123456789abcdef/{file}", Cancel);
        await ApiTests.ProblemAsync(unknown, HttpStatusCode.NotFound);

        var id = await Host.SubmitAsync(new { scenario = "baseline-2023", replications = 50_000 });
        try
        {
            using var unfinished = await Host.Http.GetAsync($"/api/runs/{id}/{file}", Cancel);
            var problem = await ApiTests.ProblemAsync(unfinished, HttpStatusCode.Conflict);
            Assert.Contains(problem.GetProperty("runStatus").GetString(), new[] { "queued", "running" });
        }
        finally
        {
            using var _ = await Host.Http.DeleteAsync($"/api/runs/{id}", Cancel);
        }

        await Host.WaitForOutcomeAsync(id);
    }

    private async Task<string> GetAsync(string path, string mediaType)
    {
        using var response = await Host.Http.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return body;
    }
}
