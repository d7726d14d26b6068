using Microsoft.AspNetCore.Diagnostics;

namespace LiubeiSim.Host.Hosting;

public static class ProblemDetailsExtensions
{
    /// <summary>
    /// Problem documents carry the request's <see cref="CorrelationId"/> instead of ASP.NET Core's <c>traceId</c>: one id
    /// to quote, the one the log lines of a failure carry.
    /// </summary>
    public static WebApplicationBuilder AddLiubeiSimProblemDetails(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.Remove("traceId");
            context.ProblemDetails.Extensions[CorrelationId.ProblemField] = CorrelationId.Of(context.HttpContext);
        });
        builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();
        return builder;
    }

    /// <summary>
    /// Every error the host answers is an RFC 9457 problem document: unhandled exceptions (500 with only a correlation
    /// id), the web server's complaints about a body met while the application reads it (400, 408, 413), and bare
    /// status codes such as an unknown route (404), a wrong method (405) or a refused request (429).
    /// </summary>
    public static WebApplication UseLiubeiSimProblemDetails(this WebApplication app)
    {
        app.UseLiubeiSimCorrelationIds();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Answers what escaped an endpoint. A <see cref="BadHttpRequestException"/> is the client's fault (a malformed chunked
/// body, one too large or too slow) and answers its own status; anything else is a 500 whose body says nothing but the
/// correlation id, while the log line has the exception under the same id.
/// </summary>
internal sealed partial class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var id = CorrelationId.Of(context);
        var request = context.Request;
        int status;
        string title;
        string detail;
        if (exception is BadHttpRequestException bad)
        {
            LogBadRequest(id, request.Method, request.Path.Value ?? string.Empty, bad.StatusCode, bad.Message);
            status = bad.StatusCode;
            (title, detail) = BadRequestText(bad, id);
        }
        else
        {
            LogUnhandled(exception, id, request.Method, request.Path.Value ?? string.Empty);
            status = StatusCodes.Status500InternalServerError;
            title = "The host failed to answer this request.";
            detail = $"Something went wrong inside the host; its log has the details under correlation id {id}.";
        }

        context.Response.StatusCode = status;

        // The exception handler cleared the response's headers, the correlation id's among them.
        context.Response.Headers[CorrelationId.Header] = id;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static (string Title, string Detail) BadRequestText(BadHttpRequestException bad, string id) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => ("The request body is too large.", "The body is over the host's limit (Kestrel:Limits:MaxRequestBodySize)."),
        StatusCodes.Status408RequestTimeout => ("The request body came too slowly.", "The body arrived slower than the host accepts; send it again."),
        _ => ("The request is malformed.", $"The web server could not read the request ({bad.Message.TrimEnd('.')}); correlation id {id}."),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {CorrelationId} {Method} {Path}: unhandled exception; answered 500")]
    private partial void LogUnhandled(Exception exception, string correlationId, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {CorrelationId} {Method} {Path}: malformed request ({Status}: {Reason})")]
    private partial void LogBadRequest(string correlationId, string method, string path, int status, string reason);
}
