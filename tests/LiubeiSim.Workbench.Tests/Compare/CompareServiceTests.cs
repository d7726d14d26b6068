using System.Net;
using System.Net.Http.Json;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Host.Comparisons;
using LiubeiSim.Host.Workbench.Compare;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Workbench.Tests.Compare;

/// <summary>The compare page's path (its inputs read by the endpoint's reader, then <see cref="ComparisonRunner"/>) gives what POST /api/compare gives.</summary>
public sealed class CompareServiceTests(WorkbenchHost host) : IClassFixture<WorkbenchHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pages_comparison_equals_the_APIs_byte_for_byte()
    {
        using var response = await host.Host.Http.PostAsJsonAsync("/api/compare", new { scenario = "sgmw-125-boost", replications = 40, seed = 11 }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var apiCsv = await host.Host.Http.GetByteArrayAsync($"{response.Headers.Location}/{ComparisonFiles.CompareCsv}", Cancel);

        var services = host.Host.Services;
        var (comparison, problems) = CompareRequestReader.Read(CompareInputs.AgainstControl("sgmw-125-boost", 40, 11), services.GetRequiredService<CompareSettings>());
        Assert.Empty(problems);
        var outcome = await services.GetRequiredService<ComparisonRunner>().RunAsync(comparison!, progress: null, Cancel);
        Assert.Null(outcome.Refusal);

        // The page's comparison is kept in the same book, so the API serves its files too.
        var pageCsv = await host.Host.Http.GetByteArrayAsync($"/api/compare/{outcome.Id}/{ComparisonFiles.CompareCsv}", Cancel);
        Assert.Equal(apiCsv, pageCsv);
        Assert.Equal(apiCsv, System.Text.Encoding.UTF8.GetBytes(ComparisonFiles.EndCsv(outcome.Result!)));
    }

    [Fact]
    public async Task Over_the_budget_the_page_is_refused_as_the_API_is()
    {
        var settings = host.Host.Services.GetRequiredService<CompareSettings>();
        var (comparison, problems) = CompareRequestReader.Read(CompareInputs.AgainstControl("sgmw-125-boost", 1_000_000, 1), settings);

        Assert.Null(comparison);
        Assert.Contains(problems, p => p.Path == "replications");
        using var response = await host.Host.Http.PostAsJsonAsync("/api/compare", new { scenario = "sgmw-125-boost", replications = 1_000_000, seed = 1 }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
