using System.Globalization;
using System.Security.Claims;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Host.Admission;
using LiubeiSim.Host.Fans;
using LiubeiSim.Host.Identity;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Requests;
using LiubeiSim.Host.Sweeps;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// The run API: submit a run, follow it, list runs, fetch its files and fan charts, cancel it. Runs are the cluster's
/// durable runs (the run catalog and run grains, kept in grain storage), so any host answers for any run and a run
/// outlives the host that accepted it. Errors are RFC 9457 problem documents.
/// </summary>
public static class RunEndpoints
{
    public const string RunsPath = "/api/runs";
    public const string Tag = "Runs";
    public const string CsvType = "text/csv";

    /// <summary>The configuration section bound onto the cluster's <see cref="Grains.Runs.RunStoreOptions"/>.</summary>
    public const string SettingsSection = "Runs";

    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 500;

    /// <summary>How long a client refused for a full queue or an unreachable store is asked to wait.</summary>
    internal const string RetryAfterSeconds = "30";

    /// <summary>The <c>status</c> values a listing accepts, each the state it selects.</summary>
    private static readonly IReadOnlyDictionary<string, RunState> ListedStates = new[] { RunState.Queued, RunState.Running, RunState.Completed, RunState.Failed, RunState.Cancelled }
        .ToDictionary(RunStatusView.StatusName, s => s, StringComparer.OrdinalIgnoreCase);

    public static WebApplicationBuilder AddLiubeiSimRuns(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapLiubeiSimApi(this WebApplication app)
    {
        var runs = app.MapGroup(RunsPath).WithTags(Tag).RequireAuthorization(IdentityPolicies.Viewer).AddEndpointFilter<RunStoreUnavailableFilter>();
        runs.MapPost(string.Empty, Submit)
            .RequireAuthorization(IdentityPolicies.Planner)
            .WithName("SubmitRun")
            .WithSummary("Submit a run")
            .WithDescription("Validates the scenario (a built-in name, YAML text or a JSON object, with `set` applied over it exactly as the CLI's `--set`) and hands it to the cluster's run catalog, which records it in grain storage and starts it when one of the cluster's `Runs:MaxConcurrent` slots is free and its estimated memory fits beside the running runs'. Answers 202 with the run's id and a Location to follow, on this host or any other of the cluster; 400 lists every problem found, each with its path (`scenario: levers.x`, `set[1]: assumptions.y`) and, inside scenario text, its line and column; 422 when the run's memory estimate exceeds the cluster's budget (`Admission:MemoryBudget`; the problem names both and the most replications that would fit) or its replication-months one owner's hourly quota; 429 with Retry-After when its owner already has `Admission:MaxRunsPerOwner` runs queued or running, or has used the hour's `Admission:MaxReplicationMonthsPerOwnerPerHour`; 503 with Retry-After when `Runs:MaxQueued` runs already wait or the run store is unreachable.")
            .DescribesJsonBody<RunRequest>("The scenario to run and how.")
            .Produces<RunAccepted>(StatusCodes.Status202Accepted)
            .Produces<InvalidRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        runs.MapGet(string.Empty, List)
            .WithName("ListRuns")
            .WithSummary("List runs")
            .WithDescription($"The cluster's runs, newest first, `limit` at a time (default {DefaultListLimit}, at most {MaxListLimit}), optionally only those of one `status` (`queued`, `running`, `completed`, `failed`, `cancelled`). Answers `{{\"runs\": [...], \"next\": ID or null, \"total\": N}}`; the next page is `after=` that `next`, also given as an RFC 8288 `Link: <...>; rel=\"next\"` header. Each entry is what the run catalog keeps (no shards, start time or error: `GET /api/runs/{{id}}` has them), with the live progress of running runs, asked of each (at most `Runs:MaxConcurrent` of them). 400 for an unknown status, a limit out of range, or an `after` that names no run the cluster remembers.")
            .Produces<RunListView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        runs.MapGet("/{id}", Status)
            .WithName("GetRun")
            .WithSummary("Follow a run")
            .WithDescription("Where the run stands, asked of its grain on whichever silo holds it: `queued`, `running`, `completed`, `failed` or `cancelled`, with progress from 0 to 1 (1 only once its files can be fetched), `restarts` (times it was started again from its first month after its host stopped or died) and `shardsRecomputed`. 404 when the cluster remembers no such run: never submitted, or forgotten by retention (`Runs:Retained`, `Runs:RetainedFor`).")
            .Produces<RunStatusView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        MapFile(runs, "/{id}/summary", "GetRunSummary", "The run's summary.json (first path)", "The same document as `GET /api/runs/{id}/summary.json`; kept for clients written before the files had their own names.", "application/json", RunReport.Summary);
        MapFile(runs, $"/{{id}}/{RunReport.SummaryFile}", "GetRunSummaryJson", "The run's summary.json", "What `liubeisim run --out DIR` writes as summary.json: the scenario as run (every setting folded in), each indicator's base value and P5..P95 and mean at the end of the horizon, target probabilities, the input-output multipliers, timings.", "application/json", RunReport.Summary);
        MapFile(runs, $"/{{id}}/{RunReport.IndicatorsFile}", "GetRunIndicatorsCsv", "The run's indicators.csv", "Every month, indicator and scope: P5, P10, P50, P90, P95 and mean across replications, as `liubeisim run --out` writes it.", CsvType, RunReport.IndicatorsCsv);
        MapFile(runs, $"/{{id}}/{RunReport.TargetsFile}", "GetRunTargetsCsv", "The run's targets.csv", "Each target: indicator, scope, direction, threshold, measure, base value, end-of-horizon P50 and the probability of meeting it.", CsvType, RunReport.TargetsCsv);
        runs.MapGet($"/{{id}}/{RunFiles.IndicatorsParquetFile}", (string id, RunStore store, TimeProvider time, CancellationToken cancellationToken) =>
                WithResultAsync(id, store, time, async result => Results.Bytes(await RunFiles.IndicatorsParquetAsync(result, cancellationToken), SweepEndpoints.ParquetType, RunFiles.IndicatorsParquetFile)))
            .WithName("GetRunIndicatorsParquet")
            .WithSummary("The run's indicators as Parquet")
            .WithDescription("indicators.csv's rows as Apache Parquet, in the schema of a sweep's `indicators` table (docs/tidy-tables.md) with `point` 0: month, indicator, scope, unit, p5, p10, p50, p90, p95, mean. 409 until the run has completed.")
            .Produces<byte[]>(StatusCodes.Status200OK, SweepEndpoints.ParquetType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        runs.MapGet($"/{{id}}/{RunFiles.ReportFile}", (HttpContext context, string id, RunStore store, TimeProvider time) =>
            {
                // The page is opened in the browser from this host's origin: it may run nothing and load nothing.
                context.Response.Headers.ContentSecurityPolicy = RunFiles.ReportContentSecurityPolicy;
                return WithResult(id, store, time, result => Results.Text(RunFiles.ReportHtml(id, result), "text/html; charset=utf-8"));
            })
            .WithName("GetRunReportHtml")
            .WithSummary("The run's HTML report")
            .WithDescription("What `liubeisim report` writes from the run's summary.json, indicators.csv and targets.csv: one self-contained page (inline SVG fan charts, no script, no network) of the scenario, the headline indicators and the targets. 409 until the run has completed.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        runs.MapGet("/{id}/fan", Fan)
            .WithName("GetRunFan")
            .WithSummary("Monthly fan chart of one series")
            .WithDescription("For `indicator` (required) and `scope` (default `district`; a chain or town id where the indicator has one): every month's P5, P10, P50, P90, P95 and mean, the base-year value, and the scenario's targets on that series as lines. 400 names the indicators or scopes that exist and the nearest spelling; 409 until the run has completed.")
            .Produces<FanChartView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        runs.MapDelete("/{id}", Cancel)
            .RequireAuthorization(IdentityPolicies.Planner)
            .WithName("CancelRun")
            .WithSummary("Cancel a run")
            .WithDescription("A queued run is cancelled at once, and its place in the queue and its owner's slot are free when this answers; a running one stops after the month under way, on whichever silo computes it. Answers 202 with the run's status; 409 when it had already finished; 403 for a planner's key that did not submit it (an admin cancels any).")
            .Produces<RunStatusView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/api/scenarios", () => Results.Ok(ScenarioLibrary.Names))
            .RequireAuthorization(IdentityPolicies.Viewer)
            .WithTags("Scenarios")
            .WithName("ListScenarios")
            .WithSummary("List the built-in scenarios")
            .WithDescription("Names a request can give as `scenario`; `liubeisim scenarios show NAME` prints one.")
            .Produces<IReadOnlyList<string>>();
        return app;
    }

    internal static string SummaryLink(string id) => $"{RunsPath}/{id}/{RunReport.SummaryFile}";

    private static void MapFile(RouteGroupBuilder runs, string pattern, string name, string summary, string description, string contentType, Func<RunResult, string> write) =>
        runs.MapGet(pattern, (string id, RunStore store, TimeProvider time) => WithResult(id, store, time, result => Results.Text(write(result), contentType)))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " 409 until the run has completed.")
            .Produces<string>(StatusCodes.Status200OK, contentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> Submit(HttpContext context, RunStore store)
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

        string id;
        try
        {
            id = await store.SubmitAsync(scenario, shards, IdentityPolicies.NameOf(context.User));
        }
        catch (RunRefusedException e)
        {
            // 422 too large for the memory budget or an hourly quota, 429 over an owner's quota, 503 queue full.
            return RefusalProblems.For(context, e);
        }
        catch (SimulationFailedException e)
        {
            // The model's own refusal of a scenario the validator passed (its parameters cannot be built): the request's fault.
            return InvalidRequest.Problem("The model cannot run this scenario.", [new RequestProblem("scenario", null, null, e.Message, "a scenario the model can build parameters for")]);
        }

        return Results.Accepted($"{RunsPath}/{id}", new RunAccepted(id, RunStatusView.StatusName(RunState.Queued)));
    }

    private static async Task<IResult> List(HttpContext context, string? status, string? limit, string? after, RunStore store)
    {
        RunState? state = null;
        if (status is not null)
        {
            if (!ListedStates.TryGetValue(status, out var s))
            {
                return QueryProblem("No such run status.", $"status '{status}' is not one a run can have: give one of {string.Join(", ", ListedStates.Keys)}, or no status for every run.");
            }

            state = s;
        }

        var count = DefaultListLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxListLimit))
        {
            return QueryProblem("The limit is out of range.", $"limit '{limit}' is not a whole number from 1 to {MaxListLimit}.");
        }

        if (after is { Length: 0 })
        {
            after = null;
        }

        var page = await store.ListAsync(state, count, after);
        if (page.UnknownAfter)
        {
            return QueryProblem("No such run to list after.", $"after '{after}' names no run the cluster remembers: it was never listed, or was forgotten by retention since; list again without after.");
        }

        // Live progress for running runs only: at most Runs:MaxConcurrent calls, and never an activation of a finished run from storage.
        var live = await Task.WhenAll(page.Runs.Select(e => e.State == RunState.Running ? LiveStatusAsync(store, e.Id) : Task.FromResult<RunStatus?>(null)));
        var entries = page.Runs.Select((e, i) => RunListEntry.From(e, live[i])).ToList();
        if (page.Next is { } next)
        {
            var query = $"{(state is { } st ? $"status={RunStatusView.StatusName(st)}&" : string.Empty)}limit={count}&after={Uri.EscapeDataString(next)}";
            context.Response.Headers.Link = $"<{RunsPath}?{query}>; rel=\"next\"";
        }

        return Results.Ok(new RunListView(entries, page.Next, page.Total));
    }

    /// <summary>A running run's live status for a listing; one whose silo is going away is listed from the catalog alone, not a 503 for the page.</summary>
    internal static async Task<RunStatus?> LiveStatusAsync(RunStore store, string id)
    {
        try
        {
            return await store.StatusAsync(id);
        }
        catch (RunStoreUnavailableException)
        {
            return null;
        }
    }

    private static async Task<IResult> Status(string id, RunStore store, TimeProvider time) =>
        await store.StatusAsync(id) is { } status ? Results.Ok(RunStatusView.From(id, status, time.GetUtcNow())) : UnknownRun(id);

    private static async Task<IResult> Fan(string id, string? indicator, string? scope, RunStore store, TimeProvider time)
    {
        if (await store.StatusAsync(id) is null)
        {
            return UnknownRun(id);
        }

        var (series, problem) = SeriesQuery.Resolve(indicator, scope);
        return problem ?? await WithResult(id, store, time, result => Results.Ok(FanChart.ForRun(result, series!)));
    }

    /// <summary>Answers from the run's result; 404 for an unknown run, 409 for one that has not completed.</summary>
    private static Task<IResult> WithResult(string id, RunStore store, TimeProvider time, Func<RunResult, IResult> answer) =>
        WithResultAsync(id, store, time, result => Task.FromResult(answer(result)));

    /// <summary>Answers from the run's result; 404 for an unknown run, 409 for one that has not completed.</summary>
    private static async Task<IResult> WithResultAsync(string id, RunStore store, TimeProvider time, Func<RunResult, Task<IResult>> answer)
    {
        if (await store.StatusAsync(id) is not { } status)
        {
            return UnknownRun(id);
        }

        if (status.State == RunState.Completed)
        {
            try
            {
                return await answer(await store.ResultAsync(id));
            }
            catch (InvalidOperationException)
            {
                // Forgotten by retention between the two calls: answered from what the run is now.
                if (await store.StatusAsync(id) is not { } now)
                {
                    return UnknownRun(id);
                }

                status = now;
            }
        }

        var view = RunStatusView.From(id, status, time.GetUtcNow());
        return Results.Problem(
            title: "The run has no results yet.",
            detail: $"Run {id} is {view.Status}{(view.Error is null ? string.Empty : $" ({view.Error})")}; its files and fan charts exist once it has completed.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["runStatus"] = view.Status, ["progress"] = view.Progress });
    }

    private static async Task<IResult> Cancel(string id, ClaimsPrincipal user, RunStore store, TimeProvider time)
    {
        if (await store.StatusAsync(id) is not { } current)
        {
            return UnknownRun(id);
        }

        if (Ownership.RefuseCancel(user, current.Owner, $"Run {id}") is { } refused)
        {
            return refused;
        }

        if (!await store.CancelAsync(id))
        {
            var status = await store.StatusAsync(id);
            return status is null
                ? UnknownRun(id)
                : Results.Problem(
                    title: "The run has already finished.",
                    detail: $"Run {id} is {RunStatusView.StatusName(status.State)}; there is nothing to cancel.",
                    statusCode: StatusCodes.Status409Conflict);
        }

        return await store.StatusAsync(id) is { } cancelled
            ? Results.Accepted($"{RunsPath}/{id}", RunStatusView.From(id, cancelled, time.GetUtcNow()))
            : UnknownRun(id);
    }

    private static IResult UnknownRun(string id) => Results.Problem(
        title: "No such run.",
        detail: $"No run '{id}' in this cluster: never submitted, or forgotten by retention.",
        statusCode: StatusCodes.Status404NotFound);

    private static IResult QueryProblem(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
