using LiubeiSim.Host.Identity;

namespace LiubeiSim.Host.Workbench;

/// <summary>
/// Headers that keep the workbench's pages from being framed, sniffed or made to run script from anywhere but this
/// host. The policy allows no inline script (the pages have none; Blazor and Radzen load from files) and no eval;
/// inline styles stay allowed because the chart and component libraries position elements with style attributes.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary><c>connect-src 'self'</c> covers the circuit's WebSocket to this same host (CSP level 3).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // The API's reference page (/scalar) and the dashboard bring their own inline scripts; they are not the workbench.
        if (!WorkbenchKeyCookie.IsApi(context.Request.Path))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
        }

        return next(context);
    }
}
