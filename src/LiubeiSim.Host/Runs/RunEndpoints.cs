using LiubeiSim.Host.Fans;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Requests;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// The run API: submit a run, follow it, fetch its files and fan charts, cancel it. Runs live on the host that
/// accepted them; errors are RFC 9457 problem documents.
/// </summary>
public static class RunEndpoints
{
    public const string RunsPath = "/api/runs";
    public const string Tag = "Runs";
    public const string CsvType = "text/csv";

    public static WebApplicationBuilder AddLiubeiSimRuns(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(RunsSettings.Section).Get<RunsSettings>() ?? new RunsSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunBook>();
        builder.Services.AddSingleton<RunQueue>();
        builder.Services.AddHostedService<RunWorker>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapLiubeiSimApi(this WebApplication app)
    {
        var runs = app.MapGroup(RunsPath).WithTags(Tag);
        runs.MapPost(string.Empty, Submit)
            .WithName("SubmitRun")
            .WithSummary("Submit a run")
            .WithDescription("Validates the scenario (a built-in name, YAML text or a JSON object, with `set` applied over it exactly as the CLI's `--set`) and queues it. Answers 202 with the run's id and a Location to follow; 400 lists every problem found, each with its path (`scenario: levers.x`, `set[1]: assumptions.y`) and, inside scenario text, its line and column.")
            .DescribesJsonBody<RunRequest>("The scenario to run and how.")
            .Produces<RunAccepted>(StatusCodes.Status202Accepted)
            .Produces<InvalidRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        runs.MapGet(string.Empty, List)
            .WithName("ListRuns")
            .WithSummary("List recent runs")
            .WithDescription("The 100 newest runs this host remembers, newest first, each as `GET /api/runs/{id}` shows it.")
            .Produces<IReadOnlyList<RunStatusView>>();
        runs.MapGet("/{id}", Status)
            .WithName("GetRun")
            .WithSummary("Follow a run")
            .WithDescription("Where the run stands: `queued`, `running`, `completed`, `failed` or `cancelled`, with progress from 0 to 1 (1 only once its files can be fetched).")
            .Produces<RunStatusView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        MapFile(runs, "/{id}/summary", "GetRunSummary", "The run's summary.json (first path)", "The same document as `GET /api/runs/{id}/summary.json`; kept for clients written before the files had their own names.", "application/json", RunReport.Summary);
        MapFile(runs, $"/{{id}}/{RunReport.SummaryFile}", "GetRunSummaryJson", "The run's summary.json", "What `liubeisim run --out DIR` writes as summary.json: the scenario as run (every setting folded in), each indicator's base value and P5..P95 and mean at the end of the horizon, target probabilities, the input-output multipliers, timings.", "application/json", RunReport.Summary);
        MapFile(runs, $"/{{id}}/{RunReport.IndicatorsFile}", "GetRunIndicatorsCsv", "The run's indicators.csv", "Every month, indicator and scope: P5, P10, P50, P90, P95 and mean across replications, as `liubeisim run --out` writes it.", CsvType, RunReport.IndicatorsCsv);
        MapFile(runs, $"/{{id}}/{RunReport.TargetsFile}", "GetRunTargetsCsv", "The run's targets.csv", "Each target: indicator, scope, direction, threshold, measure, base value, end-of-horizon P50 and the probability of meeting it.", CsvType, RunReport.TargetsCsv);
        runs.MapGet("/{id}/fan", Fan)
            .WithName("GetRunFan")
            .WithSummary("Monthly fan chart of one series")
            .WithDescription("For `indicator` (required) and `scope` (default `district`; a chain or town id where the indicator has one): every month's P5, P10, P50, P90, P95 and mean, the base-year value, and the scenario's targets on that series as lines. 400 names the indicators or scopes that exist and the nearest spelling.")
            .Produces<FanChartView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapDelete("/{id}", Cancel)
            .WithName("CancelRun")
            .WithSummary("Cancel a run")
            .WithDescription("A queued run is cancelled at once, a running one after the month under way. 409 when it had already finished.")
            .Produces<RunStatusView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/scenarios", () => Results.Ok(ScenarioLibrary.Names))
            .WithTags("Scenarios")
            .WithName("ListScenarios")
            .WithSummary("List the built-in scenarios")
            .WithDescription("Names a request can give as `scenario`; `liubeisim scenarios show NAME` prints one.")
            .Produces<IReadOnlyList<string>>();
        return app;
    }

    private static void MapFile(RouteGroupBuilder runs, string pattern, string name, string summary, string description, string contentType, Func<RunResult, string> write) =>
        runs.MapGet(pattern, (string id, RunBook book, TimeProvider time) => WithResult(id, book, time, result => Results.Text(write(result), contentType)))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " 409 until the run has completed.")
            .Produces<string>(StatusCodes.Status200OK, contentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> Submit(HttpContext context, RunBook book, RunQueue queue, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var (scenario, shards, problems) = RunRequestReader.Read(body);
        if (scenario is null)
        {
            return InvalidRequest.Problem("The run request is invalid.", problems);
        }

        var run = new RunRecord(Guid.NewGuid().ToString("N"), scenario, shards, time.GetUtcNow());
        book.Add(run);
        if (!queue.TryEnqueue(run))
        {
            book.Remove(run.Id);
            context.Response.Headers.RetryAfter = "30";
            return Results.Problem(
                title: "Too many runs are waiting.",
                detail: "This host's queue of runs is full; try again later or on another silo.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Accepted($"{RunsPath}/{run.Id}", new RunAccepted(run.Id, "queued"));
    }

    private static IResult List(RunBook book, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return Results.Ok(book.Recent(100).Select(r => r.View(now, SummaryLink(r.Id))));
    }

    private static IResult Status(string id, RunBook book, TimeProvider time) =>
        book.Find(id) is { } run ? Results.Ok(run.View(time.GetUtcNow(), SummaryLink(id))) : UnknownRun(id);

    private static IResult Fan(string id, string? indicator, string? scope, RunBook book, TimeProvider time)
    {
        if (book.Find(id) is null)
        {
            return UnknownRun(id);
        }

        var (series, problem) = SeriesQuery.Resolve(indicator, scope);
        return problem ?? WithResult(id, book, time, result => Results.Ok(FanChart.ForRun(result, series!)));
    }

    /// <summary>Answers from the run's result; 404 for an unknown run, 409 for one that has not completed.</summary>
    private static IResult WithResult(string id, RunBook book, TimeProvider time, Func<RunResult, IResult> answer)
    {
        if (book.Find(id) is not { } run)
        {
            return UnknownRun(id);
        }

        if (run.Result is { } result)
        {
            return answer(result);
        }

        var view = run.View(time.GetUtcNow(), SummaryLink(id));
        return Results.Problem(
            title: "The run has no results yet.",
            detail: $"Run {id} is {view.Status}{(view.Error is null ? string.Empty : $" ({view.Error})")}; its files and fan charts exist once it has completed.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["runStatus"] = view.Status, ["progress"] = view.Progress });
    }

    private static IResult Cancel(string id, RunBook book, TimeProvider time)
    {
        if (book.Find(id) is not { } run)
        {
            return UnknownRun(id);
        }

        if (!run.RequestCancel(time.GetUtcNow()))
        {
            return Results.Problem(
                title: "The run has already finished.",
                detail: $"Run {id} is {run.Phase.ToString().ToLowerInvariant()}; there is nothing to cancel.",
                statusCode: StatusCodes.Status409Conflict);
        }

        return Results.Accepted($"{RunsPath}/{id}", run.View(time.GetUtcNow(), SummaryLink(id)));
    }

    private static IResult UnknownRun(string id) => Results.Problem(
        title: "No such run.",
        detail: $"This host has no run '{id}': it was never submitted here, or it finished long enough ago to be forgotten.",
        statusCode: StatusCodes.Status404NotFound);

    private static string SummaryLink(string id) => $"{RunsPath}/{id}/{RunReport.SummaryFile}";
}
