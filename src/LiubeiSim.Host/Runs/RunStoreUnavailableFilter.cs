using LiubeiSim.Host.Hosting;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// Answers 503 with Retry-After when the run store cannot be reached (grain storage down, the run's silo gone), with
/// a reason and never a stack trace, grain key or silo address; the full exception goes to the log under the request's
/// correlation id, which the answer carries.
/// </summary>
internal sealed partial class RunStoreUnavailableFilter(ILogger<RunStoreUnavailableFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RunStoreUnavailableException e)
        {
            var request = context.HttpContext.Request;
            LogUnavailable(e.InnerException ?? e, CorrelationId.Of(context.HttpContext), request.Method, request.Path.Value ?? string.Empty);
            context.HttpContext.Response.Headers.RetryAfter = RunEndpoints.RetryAfterSeconds;
            return Results.Problem(
                title: "The run store is unavailable.",
                detail: $"the run store is unavailable: {e.Message}; try again when it is back",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {CorrelationId} {Method} {Path}: the run store is unavailable; answered 503")]
    private partial void LogUnavailable(Exception exception, string correlationId, string method, string path);
}
