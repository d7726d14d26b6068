using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Tests;

/// <summary><c>POST /api/compare</c> and the comparison's files, checked against the Analysis library the CLI's <c>compare</c> runs.</summary>
[Collection(HostCollection.Name)]
public sealed class CompareTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private RunningHost Host => fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Scenario Resolve(string name, params string[] settings)
    {
        var parsed = ScenarioLibrary.Resolve(name, settings);
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Problems));
        return parsed.Scenario!;
    }

    [Fact]
    public async Task A_scenario_against_its_control_answers_the_clis_compare_json_and_keeps_its_files()
    {
        using var response = await Host.Http.PostAsJsonAsync("/api/compare", new { scenario = "baseline-2023", set = new[] { "levers.sgmw_demand_growth=20" }, replications = 300, seed = 7 }, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        // `liubeisim compare baseline-2023 --set levers.sgmw_demand_growth=20 -r 300 -s 7`: the control is A, the scenario B.
        var b = Resolve("baseline-2023", "levers.sgmw_demand_growth=20");
        var expected = PairedComparison.Run(PairedComparison.ControlOf(b).WithReplications(300).WithSeed(7), b, cancellationToken: Cancel);
        Assert.Equal(ComparisonFiles.Json(expected), body);

        var location = response.Headers.Location?.OriginalString;
        Assert.NotNull(location);
        Assert.StartsWith("/api/compare/", location, StringComparison.Ordinal);
        Assert.Equal(body, await Host.Http.GetStringAsync(location, Cancel));
        Assert.Equal(ComparisonFiles.EndCsv(expected), await Host.Http.GetStringAsync($"{location}/compare.csv", Cancel));
        Assert.Equal(ComparisonFiles.MonthlyCsv(expected), await Host.Http.GetStringAsync($"{location}/compare-monthly.csv", Cancel));

        var fan = await Host.Http.GetFromJsonAsync<JsonElement>($"{location}/fan?indicator=industrial_output&scope=auto_parts_machinery", Cancel);
        var series = SeriesLayout.IndexOf("industrial_output", "auto_parts_machinery");
        Assert.Equal(("baseline-2023-control", "baseline-2023", true), (fan.GetProperty("a").GetString(), fan.GetProperty("b").GetString(), fan.GetProperty("paired").GetBoolean()));
        var months = fan.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(expected.Months, months.Count);
        for (var m = 0; m < months.Count; m++)
        {
            var d = expected.At(m, series);
            Assert.Equal(
                [expected.A.At(m, series).P50, expected.B.At(m, series).P50, d.P5, d.P10, d.P50, d.P90, d.P95, d.Mean, d.ProbabilityBGreater],
                new[] { "a_p50", "b_p50", "diff_p5", "diff_p10", "diff_p50", "diff_p90", "diff_p95", "diff_mean", "prob_b_greater" }.Select(f => months[m].GetProperty(f).GetDouble()));
        }

        // More demand from SGMW: the paired difference of the chain's output is positive in every replication.
        Assert.Equal(1.0, months[^1].GetProperty("prob_b_greater").GetDouble());
    }

    [Fact]
    public async Task B_against_a_takes_each_sides_settings_and_a_absent_b_is_the_control_of_a()
    {
        var answer = await CompareAsync(new { a = "baseline-2023", setA = new[] { "levers.project_delay_months=6" }, b = "sgmw-125-boost", setB = new[] { "assumptions.chain.auto_parts_machinery.jobs_per_output=55" }, replications = 120, seed = 3, paired = false });
        var a = Resolve("baseline-2023", "levers.project_delay_months=6").WithReplications(120).WithSeed(3);
        var b = Resolve("sgmw-125-boost", "assumptions.chain.auto_parts_machinery.jobs_per_output=55");
        Assert.Equal(ComparisonFiles.Json(PairedComparison.Run(a, b, paired: false, cancellationToken: Cancel)), answer);
        Assert.False(JsonNode.Parse(answer)!["paired"]!.GetValue<bool>());

        var againstControl = await CompareAsync(new { a = "sgmw-125-boost", replications = 120, seed = 3 });
        var boost = Resolve("sgmw-125-boost").WithReplications(120).WithSeed(3);
        Assert.Equal(ComparisonFiles.Json(PairedComparison.Run(boost, PairedComparison.ControlOf(boost), cancellationToken: Cancel)), againstControl);
        Assert.Equal("sgmw-125-boost-control", JsonNode.Parse(againstControl)!["b"]!["scenario"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"scenario": "baseline-2023", "a": "baseline-2023"}""", "a")]
    [InlineData("""{"scenario": "baseline-2023", "setB": []}""", "setB")]
    [InlineData("""{"replications": 10}""", "scenario")]
    [InlineData("""{"a": "baseline-2023", "set": ["seed=1"]}""", "set")]
    [InlineData("""{"a": "baseline-2023", "setB": ["seed=1"]}""", "setB")]
    [InlineData("""{"a": "baseline-2023", "b": "no-such-scenario"}""", "b")]
    [InlineData("""{"a": "baseline-2023", "b": "sgmw-125-boost", "setB": ["levers.sgmw_demand_growth=500"]}""", "setB[0]: levers.sgmw_demand_growth")]
    [InlineData("""{"a": "baseline-2023", "b": "sgmw-125-boost", "setB": ["horizon.months=24"]}""", "b")]
    [InlineData("""{"a": "baseline-2023", "b": "backtest-2022"}""", "b")]
    [InlineData("""{"scenario": "baseline-2023", "paired": "yes"}""", "paired")]
    [InlineData("""{"scenario": "baseline-2023", "replication": 10}""", "replication")]
    [InlineData("""{"scenario": "baseline-2023", "replications": 1000000, "set": ["horizon.months=120"]}""", "replications")]
    [InlineData("""["baseline-2023"]""", "(body)")]
    public async Task Bad_comparison_requests_are_400_problems_naming_the_field(string body, string path)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Host.Http.PostAsync("/api/compare", content, Cancel);

        var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.BadRequest);
        var paths = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.True(paths.Contains(path), $"no problem at '{path}' in: {string.Join(" | ", paths)}");
    }

    [Fact]
    public async Task An_unknown_comparison_is_a_404_and_its_fan_needs_a_known_series()
    {
        foreach (var path in new[] { "", "/compare.csv", "/compare-monthly.csv", "/fan?indicator=gdp" })
        {
            using var response = await Host.Http.GetAsync($"/api/compare/0123456789abcdef{path}", Cancel);
            await ApiTests.ProblemAsync(response, HttpStatusCode.NotFound);
        }

        using var created = await Host.Http.PostAsJsonAsync("/api/compare", new { scenario = "sgmw-125-boost", replications = 20 }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var fan = await Host.Http.GetAsync($"{created.Headers.Location}/fan?indicator=employment&scope=shatangg", Cancel);
        var problem = await ApiTests.ProblemAsync(fan, HttpStatusCode.BadRequest);
        Assert.Contains("did you mean 'shatang'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<string> CompareAsync(object request)
    {
        using var response = await Host.Http.PostAsJsonAsync("/api/compare", request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/compare answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
