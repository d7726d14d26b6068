namespace LiubeiSim.Host.Hosting;

public static class ProblemDetailsExtensions
{
    /// <summary>
    /// Every error the host answers is an RFC 9457 problem document: unhandled exceptions (500, no stack trace) and
    /// bare status codes such as an unknown route (404) or a wrong method (405) get a body a client can parse.
    /// </summary>
    public static WebApplication UseLiubeiSimProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
