using System.Text;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Host.Admission;
using LiubeiSim.Host.Fans;
using LiubeiSim.Host.Identity;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Requests;
using LiubeiSim.Host.Runs;
using LiubeiSim.Host.Workbench.Compare;
using LiubeiSim.Model.Admission;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiubeiSim.Host.Comparisons;

/// <summary>
/// <c>POST /api/compare</c>: a paired comparison with common random numbers, computed while the request waits (bounded
/// by <see cref="CompareSettings.MaxReplicationMonths"/>, cancelled when the client goes away) and answered with
/// compare.json; the comparison is then kept for its CSV files and its monthly difference fan charts.
/// </summary>
/// <remarks>
/// Synchronous rather than queued like runs: a comparison within the budget takes seconds, and one answer is simpler
/// for a script than submit-and-poll. It runs in this process, on one core, with the in-process engine
/// (<see cref="PairedComparison"/> steps both sides in lockstep), not on the cluster's grains.
/// </remarks>
public static class CompareEndpoints
{
    public const string ComparePath = "/api/compare";
    public const string Tag = "Comparisons";

    public static WebApplicationBuilder AddLiubeiSimComparisons(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(CompareSettings.Section).Get<CompareSettings>() ?? new CompareSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ComparisonBook>();
        builder.Services.AddSingleton<ComparisonSlots>();
        builder.Services.AddSingleton<ComparisonRunner>();
        builder.AddCompareWorkbench();
        return builder;
    }

    public static WebApplication MapLiubeiSimComparisons(this WebApplication app)
    {
        var compare = app.MapGroup(ComparePath).WithTags(Tag).RequireAuthorization(IdentityPolicies.Viewer);
        compare.MapPost(string.Empty, Compare)
            .RequireAuthorization(IdentityPolicies.Planner)
            .WithName("Compare")
            .WithSummary("Compare two scenarios, or one against its control")
            .WithDescription("Runs A and B with common random numbers (B takes A's seed and replications) and answers 201 with compare.json, as `liubeisim compare --format json` prints it: per indicator A's and B's P50 and the paired difference B − A (P5..P95, mean, P(B > A)) at the end of the horizon, and each target's probability in A and B. `scenario` compares a scenario against its control (A = control, B = scenario); `a` and `b` compare B against A (`b` null or absent: the control of a). Computed while the request waits, up to this host's budget of replication-months (400 beyond it) and of memory (422 beyond it, naming the estimate and the budget; 503 with Retry-After while runs hold the memory); closing the connection cancels it. The Location header names the comparison for its CSV files and monthly fan charts.")
            .DescribesJsonBody<CompareRequest>("The two sides to compare and how.")
            .Produces<object>(StatusCodes.Status201Created, "application/json")
            .Produces<InvalidRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        compare.MapGet("/{id}", (string id, ComparisonBook book) => WithResult(id, book, r => Json(ComparisonFiles.Json(r))))
            .WithName("GetComparison")
            .WithSummary("A comparison's compare.json")
            .WithDescription("The body the POST answered with.")
            .Produces<object>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        compare.MapGet($"/{{id}}/{ComparisonFiles.CompareCsv}", (string id, ComparisonBook book) => WithResult(id, book, r => Results.Text(ComparisonFiles.EndCsv(r), RunEndpoints.CsvType)))
            .WithName("GetComparisonCsv")
            .WithSummary("A comparison's compare.csv")
            .WithDescription("End of horizon, one row per indicator and scope: unit, A's and B's P50, the paired difference's P10, P50, P90 and P(B > A).")
            .Produces<string>(StatusCodes.Status200OK, RunEndpoints.CsvType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        compare.MapGet($"/{{id}}/{ComparisonFiles.CompareMonthlyCsv}", (string id, ComparisonBook book) => WithResult(id, book, r => Results.Text(ComparisonFiles.MonthlyCsv(r), RunEndpoints.CsvType)))
            .WithName("GetComparisonMonthlyCsv")
            .WithSummary("A comparison's compare-monthly.csv")
            .WithDescription("The columns of compare.csv for every month of the horizon.")
            .Produces<string>(StatusCodes.Status200OK, RunEndpoints.CsvType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        compare.MapGet("/{id}/fan", Fan)
            .WithName("GetComparisonFan")
            .WithSummary("Monthly fan chart of a paired difference")
            .WithDescription("For `indicator` (required) and `scope` (default `district`): every month's A and B P50 and the paired difference B − A (P5, P10, P50, P90, P95, mean, P(B > A)), named as in compare-monthly.csv.")
            .Produces<DifferenceFanView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Compare(HttpContext context, ComparisonRunner runner, CompareSettings settings)
    {
        var (body, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var (comparison, problems) = CompareRequestReader.Read(body, settings);
        if (comparison is null)
        {
            return InvalidRequest.Problem("The comparison request is invalid.", problems);
        }

        var outcome = await runner.RunAsync(comparison, progress: null, context.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            return refusal.ToResult(context);
        }

        context.Response.Headers.Location = $"{ComparePath}/{outcome.Id}";
        return Json(ComparisonFiles.Json(outcome.Result!), StatusCodes.Status201Created);
    }

    private static IResult Fan(string id, string? indicator, string? scope, ComparisonBook book)
    {
        if (book.Find(id) is null)
        {
            return UnknownComparison(id);
        }

        var (series, problem) = SeriesQuery.Resolve(indicator, scope);
        return problem ?? WithResult(id, book, r => Results.Ok(FanChart.ForComparison(r, series!)));
    }

    private static IResult WithResult(string id, ComparisonBook book, Func<ComparisonResult, IResult> answer) =>
        book.Find(id) is { } result ? answer(result) : UnknownComparison(id);

    // compare.json's own text (relaxed escaping: units such as 亿元 stay readable), not a re-serialisation of it.
    private static IResult Json(string text, int status = StatusCodes.Status200OK) => Results.Text(text, "application/json", Encoding.UTF8, status);

    private static IResult UnknownComparison(string id) => Results.Problem(
        title: "No such comparison.",
        detail: $"This host has no comparison '{id}': it was never made here, or enough newer ones (Compare:Retained) have pushed it out.",
        statusCode: StatusCodes.Status404NotFound);
}
