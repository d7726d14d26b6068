using System.Net;
using LiubeiSim.Analysis.Reporting;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Host.Runs;
using LiubeiSim.Host.Sweeps;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// A run's Parquet table and HTML report (the workbench's downloads), each checked against what the CLI's own code
/// writes for the same run: the sweeps' Parquet writer on the in-process engine's result, <c>liubeisim report</c> on
/// the run's own files.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RunDownloadTests(HostFixture fixture) : IClassFixture<HostFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-run-downloads-").FullName;

    private RunningHost Host => fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_parquet_table_is_the_sweep_writers_indicators_of_the_same_run_as_one_point()
    {
        var id = await Host.SubmitAsync(new { scenario = "baseline-2023", replications = 200, seed = 7 });
        Assert.Equal("completed", (await Host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());

        using var response = await Host.Http.GetAsync($"/api/runs/{id}/indicators.parquet", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SweepEndpoints.ParquetType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);

        var parsed = ScenarioLibrary.Resolve("baseline-2023", []);
        var expected = InProcessEngine.Run(parsed.Scenario!.WithReplications(200).WithSeed(7), cancellationToken: Cancel);
        var writer = new ParquetTidyTableWriter(_directory, [], pointCount: 1);
        await writer.AppendPointAsync(0, new Dictionary<string, double>(), expected, Cancel);
        await writer.CompleteAsync(Cancel);
        Assert.Equal(await File.ReadAllBytesAsync(writer.TablePath(TidyTables.Indicators), Cancel), bytes);
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
    }

    [Fact]
    public async Task The_html_report_is_liubeisim_reports_page_of_the_runs_own_files_and_may_run_nothing()
    {
        var id = await Host.SubmitAsync(new { scenario = "baseline-2023", replications = 100, seed = 11 });
        Assert.Equal("completed", (await Host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());

        using var response = await Host.Http.GetAsync($"/api/runs/{id}/report.html", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(RunFiles.ReportContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        var html = await response.Content.ReadAsStringAsync(Cancel);

        // The same files through the CLI's report, in a directory named as the run (the report names its run directory).
        var run = Directory.CreateDirectory(Path.Combine(_directory, id)).FullName;
        foreach (var file in new[] { RunReport.SummaryFile, RunReport.IndicatorsFile, RunReport.TargetsFile })
        {
            await File.WriteAllTextAsync(Path.Combine(run, file), await Host.Http.GetStringAsync($"/api/runs/{id}/{file}", Cancel), Cancel);
        }

        Assert.Equal(HtmlReport.Render([run]), html);
        Assert.Contains($"<code>{id}</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("indicators.parquet")]
    [InlineData("report.html")]
    public async Task An_unknown_run_has_no_downloads(string file)
    {
        using var response = await Host.Http.GetAsync($"/api/runs/{Guid.NewGuid():N}/{file}", Cancel);
        await ApiTests.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("indicators.parquet")]
    [InlineData("report.html")]
    public async Task A_run_not_yet_completed_has_no_downloads_but_a_409_with_its_status(string file)
    {
        // Large enough to be running or queued when asked, cancelled after so it does not hold the fixture's slot.
        var id = await Host.SubmitAsync(new { scenario = "baseline-2023", replications = 20000 });
        try
        {
            using var response = await Host.Http.GetAsync($"/api/runs/{id}/{file}", Cancel);
            var problem = await ApiTests.ProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Contains(problem.GetProperty("runStatus").GetString(), new[] { "queued", "running" });
        }
        finally
        {
            using var _ = await Host.Http.DeleteAsync($"/api/runs/{id}", Cancel);
        }
    }
}
