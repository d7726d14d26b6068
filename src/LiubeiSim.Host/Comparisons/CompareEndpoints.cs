using System.Text;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Host.Admission;
using LiubeiSim.Host.Fans;
using LiubeiSim.Host.Identity;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Requests;
using LiubeiSim.Host.Runs;
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

    private static async Task<IResult> Compare(HttpContext context, ComparisonBook book, ComparisonSlots slots, CompareSettings settings, IHostApplicationLifetime lifetime, MemoryLeases leases)
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

        // Both sides' runs are held in this process at once: too large for the memory budget is 422 before any work.
        var cost = RunCostEstimator.Comparison(comparison.A, comparison.B);
        if (ComparisonMemory.TooLarge(comparison, cost, leases.Budget.Memory) is { } tooLarge)
        {
            return tooLarge;
        }

        if (!slots.TryEnter())
        {
            context.Response.Headers.RetryAfter = "10";
            return Results.Problem(
                title: "This host is busy comparing.",
                detail: $"It computes at most {Math.Max(1, settings.MaxConcurrent)} comparison(s) at once; try again shortly or on another silo.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        ComparisonResult result;
        MemoryLease? lease;
        try
        {
            // Counted with the cluster's runs against one budget: while they hold the memory, a comparison waits its turn.
            (lease, var grant) = await leases.TryReserveAsync($"compare/{Guid.NewGuid():N}", cost.PeakBytes, cost.PeakBytes);
            if (lease is null && cost.PeakBytes > grant.BudgetBytes)
            {
                // The catalog's silo allows less than this host's budget: this comparison can never be reserved.
                slots.Exit();
                return RefusalProblems.TooLarge(
                    $"this comparison needs about {ByteSize.Format(cost.PeakBytes)} of memory, over the {ByteSize.Format(grant.BudgetBytes)} the cluster's run catalog allows (its Admission settings); compare fewer replications or months.",
                    cost.PeakBytes,
                    grant.BudgetBytes,
                    0);
            }

            if (lease is null)
            {
                slots.Exit();
                return RefusalProblems.Retry(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    "The memory for simulations is in use.",
                    $"This comparison needs about {ByteSize.Format(cost.PeakBytes)}; runs and other work hold {ByteSize.Format(grant.InUseBytes)} of the {ByteSize.Format(grant.BudgetBytes)} budget. Try again when some have finished.",
                    grant.RetryAfter);
            }
        }
        catch (Exception e) when (RunStore.Unreachable(e) is { } reason)
        {
            slots.Exit();
            context.Response.Headers.RetryAfter = RunEndpoints.RetryAfterSeconds;
            return Results.Problem(title: "The run store is unavailable.", detail: $"The memory budget is kept by the cluster's run catalog: {reason}; try again when it is back.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            await using var held = lease;
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            var (a, b, paired) = comparison;

            // A thread of its own: the comparison computes synchronously for seconds, which would starve the pool's threads.
            result = await Task.Factory.StartNew(() => PairedComparison.Run(a, b, io: null, paired, progress: null, cancel.Token), cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Headers.RetryAfter = "30";
            return Results.Problem(
                title: "The host is shutting down.",
                detail: "The comparison was stopped before it finished; send it again to another silo or once this one is back.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        finally
        {
            slots.Exit();
        }

        var id = book.Add(result);
        context.Response.Headers.Location = $"{ComparePath}/{id}";
        return Json(ComparisonFiles.Json(result), StatusCodes.Status201Created);
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
