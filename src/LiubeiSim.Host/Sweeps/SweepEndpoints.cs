using System.Security.Claims;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Host.Admission;
using LiubeiSim.Host.Identity;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Requests;
using LiubeiSim.Host.Runs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiubeiSim.Host.Sweeps;

/// <summary>
/// The sweep API: submit a sweep spec, follow it by points done, fetch its tidy tables (CSV or Parquet) and
/// sweep.json, cancel it. Sweeps are queued like runs, run their points on the cluster, and live on the host that
/// accepted them.
/// </summary>
public static class SweepEndpoints
{
    public const string SweepsPath = "/api/sweeps";
    public const string Tag = "Sweeps";
    public const string ParquetType = "application/vnd.apache.parquet";

    /// <summary>The files of a completed sweep, by the name they are fetched under.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        SweepReport.FileName,
        .. TidyTables.Names.Select(t => $"{t}.csv"),
        .. TidyTables.Names.Select(t => $"{t}.parquet"),
    ];

    public static WebApplicationBuilder AddLiubeiSimSweeps(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(SweepsSettings.Section).Get<SweepsSettings>() ?? new SweepsSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SweepBook>();
        builder.Services.AddSingleton<SweepQueue>();
        builder.Services.AddHostedService<SweepWorker>();
        return builder;
    }

    public static WebApplication MapLiubeiSimSweeps(this WebApplication app)
    {
        var sweeps = app.MapGroup(SweepsPath).WithTags(Tag).RequireAuthorization(IdentityPolicies.Viewer);
        sweeps.MapPost(string.Empty, Submit)
            .RequireAuthorization(IdentityPolicies.Planner)
            .WithName("SubmitSweep")
            .WithSummary("Submit a sweep")
            .WithDescription("Validates the spec (YAML text or a JSON object; the parser of `liubeisim sweep` and `liubeisim validate`, its `base` a built-in scenario) and every point's scenario, then queues it. Answers 202 with the sweep's id, its number of points and a Location to follow; 400 lists every problem, each with its path (`spec: factors.levers.x`) and, inside YAML text, its line and column; 422 when its largest point alone needs more memory than the host's budget for simulations (`Admission:MemoryBudget`), naming both.")
            .DescribesJsonBody<SweepRequest>("The sweep spec.")
            .Produces<SweepAccepted>(StatusCodes.Status202Accepted)
            .Produces<InvalidRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sweeps.MapGet("/{id}", (string id, SweepBook book, TimeProvider time) => book.Find(id) is { } sweep ? Results.Ok(sweep.View(time.GetUtcNow())) : UnknownSweep(id))
            .WithName("GetSweep")
            .WithSummary("Follow a sweep")
            .WithDescription("Where the sweep stands: `queued`, `running`, `completed`, `failed` or `cancelled`, points done of its points, progress from 0 to 1 (1 only once its tables can be fetched), and once completed the URL of each file.")
            .Produces<SweepStatusView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        sweeps.MapDelete("/{id}", Cancel)
            .RequireAuthorization(IdentityPolicies.Planner)
            .WithName("CancelSweep")
            .WithSummary("Cancel a sweep")
            .WithDescription("A queued sweep is cancelled at once; a running one stops its points in flight, and its partial tables are deleted. 409 when it had already finished; 403 for a planner's key that did not submit it (an admin cancels any).")
            .Produces<SweepStatusView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        sweeps.MapGet($"/{{id}}/{SweepReport.FileName}", (string id, SweepBook book, TimeProvider time) => WithCompleted(id, book, time, sweep => Results.Text(sweep.Report!, "application/json")))
            .WithName("GetSweepJson")
            .WithSummary("A sweep's sweep.json")
            .WithDescription("The spec echoed, the points, the engine, the timings and the tool version, as `liubeisim sweep` writes it (its `tables` name the Parquet files). 409 until the sweep has completed.")
            .Produces<string>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var table in TidyTables.Names)
        {
            MapTable(sweeps, table, TidyTableFormat.Csv, RunEndpoints.CsvType);
            MapTable(sweeps, table, TidyTableFormat.Parquet, ParquetType);
        }

        return app;
    }

    private static void MapTable(RouteGroupBuilder sweeps, string table, TidyTableFormat format, string contentType)
    {
        var extension = format.ToString().ToLowerInvariant();
        var what = table switch
        {
            TidyTables.Points => "a row per point: point, each factor's value, replications, seed",
            TidyTables.Indicators => "a row per point, month, indicator and scope: unit, P5, P10, P50, P90, P95, mean",
            _ => "a row per point and target: threshold, measure, P50 at the end of the horizon, probability",
        };
        sweeps.MapGet($"/{{id}}/{table}.{extension}", (string id, SweepBook book, TimeProvider time) => WithCompleted(id, book, time, sweep =>
                Results.File(Path.Combine(sweep.TablesDirectory(format), $"{table}.{extension}"), contentType, $"{table}.{extension}")))
            .WithName($"GetSweep{char.ToUpperInvariant(table[0])}{table[1..]}{char.ToUpperInvariant(extension[0])}{extension[1..]}")
            .WithSummary($"A sweep's {table}.{extension}")
            .WithDescription($"The tidy table `{table}` ({what}) in {(format == TidyTableFormat.Csv ? "CSV" : "Parquet")}, as `liubeisim sweep --format {extension}` writes it (docs/tidy-tables.md). 409 until the sweep has completed.")
            .Produces<byte[]>(StatusCodes.Status200OK, contentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Submit(HttpContext context, SweepBook book, SweepQueue queue, SweepsSettings settings, TimeProvider time, MemoryLeases leases)
    {
        var (body, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var (request, problems) = SweepRequestReader.Read(body, settings);
        if (request is null)
        {
            return InvalidRequest.Problem("The sweep request is invalid.", problems);
        }

        // Each point is a run on the cluster: one that does not fit the memory budget alone can never run (422). Points
        // that fit run as many at once as the budget leaves room for (SweepWorker).
        if (SweepMemory.TooLarge(SweepMemory.LargestPoint(request.Work.Select(w => w.Scenario)), leases.Budget.Memory) is { } tooLarge)
        {
            return tooLarge;
        }

        var id = Guid.NewGuid().ToString("N");
        var sweep = new SweepRecord(id, request.Spec, request.Work, book.DirectoryFor(id), time.GetUtcNow()) { Owner = IdentityPolicies.NameOf(context.User) };
        book.Add(sweep);
        if (!queue.TryEnqueue(sweep))
        {
            book.Remove(id);
            context.Response.Headers.RetryAfter = "60";
            return Results.Problem(
                title: "Too many sweeps are waiting.",
                detail: "This host's queue of sweeps is full; try again later or on another silo.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Accepted($"{SweepsPath}/{id}", new SweepAccepted(id, "queued", request.Work.Count));
    }

    private static IResult Cancel(string id, ClaimsPrincipal user, SweepBook book, TimeProvider time)
    {
        if (book.Find(id) is not { } sweep)
        {
            return UnknownSweep(id);
        }

        if (Ownership.RefuseCancel(user, sweep.Owner, $"Sweep {id}") is { } refused)
        {
            return refused;
        }

        if (!sweep.RequestCancel(time.GetUtcNow()))
        {
            return Results.Problem(
                title: "The sweep has already finished.",
                detail: $"Sweep {id} is {sweep.Phase.ToString().ToLowerInvariant()}; there is nothing to cancel.",
                statusCode: StatusCodes.Status409Conflict);
        }

        return Results.Accepted($"{SweepsPath}/{id}", sweep.View(time.GetUtcNow()));
    }

    /// <summary>Answers from a completed sweep; 404 for an unknown one, 409 for one that has not completed.</summary>
    private static IResult WithCompleted(string id, SweepBook book, TimeProvider time, Func<SweepRecord, IResult> answer)
    {
        if (book.Find(id) is not { } sweep)
        {
            return UnknownSweep(id);
        }

        if (sweep.Phase == RunPhase.Completed)
        {
            return answer(sweep);
        }

        var view = sweep.View(time.GetUtcNow());
        return Results.Problem(
            title: "The sweep has no tables yet.",
            detail: $"Sweep {id} is {view.Status}{(view.Error is null ? string.Empty : $" ({view.Error})")}, {view.PointsDone} of {view.Points} points done; its tables exist once it has completed.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["sweepStatus"] = view.Status, ["pointsDone"] = view.PointsDone, ["points"] = view.Points });
    }

    private static IResult UnknownSweep(string id) => Results.Problem(
        title: "No such sweep.",
        detail: $"This host has no sweep '{id}': it was never submitted here, or it finished long enough ago to be forgotten (Sweeps:Retained).",
        statusCode: StatusCodes.Status404NotFound);
}
