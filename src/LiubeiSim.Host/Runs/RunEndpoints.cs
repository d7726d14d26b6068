using System.Text.Json;
using LiubeiSim.Model.Scenarios;
using Microsoft.AspNetCore.Http.Features;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// The run API: submit a run, follow it, fetch its summary, cancel it. Runs live on the host that accepted them;
/// errors are RFC 9457 problem documents.
/// </summary>
public static class RunEndpoints
{
    public const string RunsPath = "/api/runs";

    /// <summary>Twice the scenario file limit leaves room for a scenario sent as indented JSON.</summary>
    private const long MaxBodyBytes = 2L * ScenarioParser.MaxFileBytes;

    public static WebApplicationBuilder AddLiubeiSimRuns(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(RunsSettings.Section).Get<RunsSettings>() ?? new RunsSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunBook>();
        builder.Services.AddSingleton<RunQueue>();
        builder.Services.AddHostedService<RunWorker>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapLiubeiSimApi(this WebApplication app)
    {
        var runs = app.MapGroup(RunsPath);
        runs.MapPost("/", Submit);
        runs.MapGet("/", List);
        runs.MapGet("/{id}", Status);
        runs.MapGet("/{id}/summary", Summary);
        runs.MapDelete("/{id}", Cancel);
        app.MapGet("/api/scenarios", () => Results.Ok(ScenarioLibrary.Names));
        return app;
    }

    private static async Task<IResult> Submit(HttpContext context, RunBook book, RunQueue queue, TimeProvider time)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Results.Problem(
                title: "The request body is not JSON.",
                detail: e.Message,
                statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Problem(
                title: "The request body is too large.",
                detail: $"At most {MaxBodyBytes:N0} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var (scenario, shards, problems) = RunRequestReader.Read(body);
        if (scenario is null)
        {
            return Results.Problem(
                title: "The run request is invalid.",
                detail: $"{problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}: {string.Join("; ", problems.Take(3).Select(p => $"{p.Path}: {p.Message}"))}{(problems.Count > 3 ? "; ..." : string.Empty)}",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["problems"] = problems });
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

        return Results.Accepted($"{RunsPath}/{run.Id}", new { id = run.Id, status = "queued" });
    }

    private static IResult List(RunBook book, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return Results.Ok(book.Recent(100).Select(r => r.View(now, SummaryLink(r.Id))));
    }

    private static IResult Status(string id, RunBook book, TimeProvider time) =>
        book.Find(id) is { } run ? Results.Ok(run.View(time.GetUtcNow(), SummaryLink(id))) : UnknownRun(id);

    private static IResult Summary(string id, RunBook book, TimeProvider time)
    {
        if (book.Find(id) is not { } run)
        {
            return UnknownRun(id);
        }

        if (run.Summary is { } summary)
        {
            return Results.Text(summary, "application/json");
        }

        var view = run.View(time.GetUtcNow(), SummaryLink(id));
        return Results.Problem(
            title: "The run has no summary.",
            detail: $"Run {id} is {view.Status}{(view.Error is null ? string.Empty : $" ({view.Error})")}; a summary exists once it has completed.",
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

    private static string SummaryLink(string id) => $"{RunsPath}/{id}/summary";
}
