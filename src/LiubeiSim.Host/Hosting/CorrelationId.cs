namespace LiubeiSim.Host.Hosting;

/// <summary>
/// The id under which a request's failure is logged, carried by its answer: every problem document has it as
/// <c>correlationId</c> and every response as the <see cref="Header"/> header, so an operator greps the log for what a
/// client quotes. It is the request's <see cref="HttpContext.TraceIdentifier"/>, which ASP.NET Core's own log scopes
/// call <c>RequestId</c>.
/// </summary>
public static class CorrelationId
{
    public const string Header = "Correlation-Id";

    /// <summary>The field of a problem document that carries it.</summary>
    public const string ProblemField = "correlationId";

    public static string Of(HttpContext context) => context.TraceIdentifier;

    /// <summary>Every response carries its request's id, errors or not, so a client can quote it.</summary>
    public static WebApplication UseLiubeiSimCorrelationIds(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.Headers[Header] = Of(context);
            return next(context);
        });
        return app;
    }
}
