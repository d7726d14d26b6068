using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Host.Sweeps;
using LiubeiSim.Model.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// <c>POST /api/sweeps</c> and a sweep's tables: the spec read by the CLI's parser, every table byte for byte the one
/// the Analysis library writes from the in-process engine's runs of the same points.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SweepTests(HostFixture fixture) : IClassFixture<HostFixture>, IDisposable
{
    private const string Yaml = "base: baseline-2023\nreplications: 120\nseed: 7\ndesign: grid\nfactors:\n  levers.sgmw_demand_growth: [0, 20]\n  levers.project_delay_months: [0, 6]\noutputs: [industrial_output]\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-sweep-tests-").FullName;

    private RunningHost Host => fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_sweep_given_as_yaml_or_as_json_writes_the_tables_the_analysis_library_writes_for_its_points()
    {
        var fromYaml = await SubmitAsync(new { spec = Yaml });
        var fromJson = await SubmitAsync(new
        {
            spec = new Dictionary<string, object>
            {
                ["base"] = "baseline-2023",
                ["replications"] = 120,
                ["seed"] = 7,
                ["design"] = "grid",
                ["factors"] = new Dictionary<string, int[]> { ["levers.sgmw_demand_growth"] = [0, 20], ["levers.project_delay_months"] = [0, 6] },
                ["outputs"] = new[] { "industrial_output" },
            },
        });

        var expected = await ExpectedTablesAsync();
        foreach (var id in new[] { fromYaml, fromJson })
        {
            var status = await WaitForOutcomeAsync(id);
            Assert.Equal("completed", status.GetProperty("status").GetString());
            Assert.Equal((4, 4, 1.0), (status.GetProperty("points").GetInt32(), status.GetProperty("pointsDone").GetInt32(), status.GetProperty("progress").GetDouble()));
            Assert.Equal(["levers.sgmw_demand_growth", "levers.project_delay_months"], status.GetProperty("factors").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal(SweepEndpoints.Files, status.GetProperty("files").EnumerateObject().Select(f => f.Name));

            foreach (var (file, bytes) in expected)
            {
                using var response = await Host.Http.GetAsync($"/api/sweeps/{id}/{file}", Cancel);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(file.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : SweepEndpoints.ParquetType, response.Content.Headers.ContentType?.MediaType);
                var served = await response.Content.ReadAsByteArrayAsync(Cancel);
                Assert.True(bytes.SequenceEqual(served), $"{file} differs from the library's");
            }

            var report = JsonDocument.Parse(await Host.Http.GetStringAsync($"/api/sweeps/{id}/sweep.json", Cancel)).RootElement;
            Assert.Equal(4, report.GetProperty("points").GetInt32());
            Assert.Equal("orleans", report.GetProperty("engine").GetString());
        }
    }

    [Theory]
    [InlineData("""{"spec": "base: /etc/hostname\nfactors:\n  levers.sgmw_demand_growth: [0, 10]\n"}""", "spec: base")]
    [InlineData("""{"spec": "base: baseline-2023\nfactors:\n  levers.sgmw_demand_growth: [0, 500]\n"}""", "spec: factors.levers.sgmw_demand_growth[1]")]
    [InlineData("""{"spec": {"base": "baseline-2023", "factors": {"levers.sgmw_demand_grwth": [0, 10]}}}""", "spec: factors.levers.sgmw_demand_grwth")]
    [InlineData("""{"spec": {"base": "baseline-2023", "design": "lhs", "factors": {"levers.sgmw_demand_growth": [0, 10]}}}""", "spec: design")]
    [InlineData("""{"spec": {"base": "baseline-2023", "replications": 1000000, "factors": {"levers.sgmw_demand_growth": {"min": 0, "max": 30, "steps": 200}}}}""", "spec")]
    [InlineData("""{"spec": {"base": "baseline-2023", "replications": 1, "factors": {"levers.sgmw_demand_growth": {"min": 0, "max": 30, "steps": 100}, "levers.services_growth": {"min": 0, "max": 30, "steps": 100}}}}""", "spec")]
    [InlineData("""{"spec": {"base": "baseline-2023", "factors": {"levers.sgmw_demand_growth": [0, 10]}}, "set": ["levers.sgmw_demand_growth=5"]}""", "set[0]: levers.sgmw_demand_growth")]
    [InlineData("""{"spec": {"base": "baseline-2023", "factors": {"levers.sgmw_demand_growth": [0, 10]}}, "set": ["horizon.months=12", "levers.bogus=1"]}""", "set[1]: levers.bogus")]
    [InlineData("""{"spec": {"base": "baseline-2023", "factors": {"levers.sgmw_demand_growth": [0, 10]}}, "set": "levers.services_growth=3"}""", "set")]
    [InlineData("""{"spec": 5}""", "spec")]
    [InlineData("""{}""", "spec")]
    [InlineData("""{"spec": {"base": "baseline-2023", "factors": {"levers.sgmw_demand_growth": [0]}}, "format": "csv"}""", "format")]
    public async Task Bad_sweep_requests_are_400_problems_naming_the_field(string body, string path)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Host.Http.PostAsync("/api/sweeps", content, Cancel);

        var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.BadRequest);
        var paths = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.True(paths.Contains(path), $"no problem at '{path}' in: {string.Join(" | ", paths)}");
    }

    [Fact]
    public async Task An_unknown_sweep_is_404_an_unfinished_one_409_and_a_cancelled_one_leaves_no_tables()
    {
        foreach (var path in new[] { "", "/points.csv", "/indicators.parquet", "/sweep.json" })
        {
            using var unknown = await Host.Http.GetAsync($"/api/sweeps/0123456789abcdef{path}", Cancel);
            await ApiTests.ProblemAsync(unknown, HttpStatusCode.NotFound);
        }

        var id = await SubmitAsync(new { spec = new { @base = "baseline-2023", replications = 50_000, factors = new Dictionary<string, int[]> { ["levers.sgmw_demand_growth"] = [0, 5, 10, 15, 20, 25] } } });
        using (var unfinished = await Host.Http.GetAsync($"/api/sweeps/{id}/points.csv", Cancel))
        {
            var problem = await ApiTests.ProblemAsync(unfinished, HttpStatusCode.Conflict);
            Assert.Contains(problem.GetProperty("sweepStatus").GetString(), new[] { "queued", "running" });
        }

        using (var cancel = await Host.Http.DeleteAsync($"/api/sweeps/{id}", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        Assert.Equal("cancelled", (await WaitForOutcomeAsync(id)).GetProperty("status").GetString());
        Assert.False(Directory.Exists(Host.Services.GetRequiredService<SweepBook>().DirectoryFor(id)), "a cancelled sweep left its tables behind");
        using var again = await Host.Http.DeleteAsync($"/api/sweeps/{id}", Cancel);
        await ApiTests.ProblemAsync(again, HttpStatusCode.Conflict);
    }

    /// <summary>The tables <c>liubeisim sweep</c> would write for <see cref="Yaml"/>, from the in-process engine, by file name.</summary>
    private async Task<IReadOnlyList<(string File, byte[] Bytes)>> ExpectedTablesAsync()
    {
        var parsed = SweepSpecParser.ParseText("spec", Yaml, folder: null);
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Problems));
        var work = SweepWorkList.Resolve(parsed.Spec!.Points()).Work;
        var files = new List<(string, byte[])>();
        foreach (var format in new[] { TidyTableFormat.Csv, TidyTableFormat.Parquet })
        {
            var writer = TidyTableWriter.Open(format, Path.Combine(_directory, format.ToString()), parsed.Spec.FactorNames, work.Count);
            foreach (var item in work)
            {
                await writer.AppendPointAsync(item.Point.Index, item.Point.Values, InProcessEngine.Run(item.Scenario, cancellationToken: Cancel), Cancel);
            }

            await writer.CompleteAsync(Cancel);
            foreach (var table in TidyTables.Names)
            {
                files.Add((Path.GetFileName(writer.TablePath(table)), await File.ReadAllBytesAsync(writer.TablePath(table), Cancel)));
            }
        }

        return files;
    }

    private async Task<string> SubmitAsync(object request)
    {
        using var response = await Host.Http.PostAsJsonAsync("/api/sweeps", request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/sweeps answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> WaitForOutcomeAsync(string id)
    {
        var deadline = DateTime.UtcNow + RunningHost.RunTimeout;
        while (true)
        {
            var status = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/sweeps/{id}", Cancel);
            if (status.GetProperty("status").GetString() is "completed" or "failed" or "cancelled")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Sweep {id} did not finish within {RunningHost.RunTimeout}: {status}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), Cancel);
        }
    }
}
