namespace LiubeiSim.Host.Hosting;

/// <summary>
/// Cross-origin requests from browsers are refused unless <c>Cors:Origins</c> lists the origins of the web pages allowed
/// to call the API (say, a workbench served from another host). With no origins the host sends no CORS headers at all,
/// so a page from elsewhere can neither read an answer nor send JSON (its preflight fails); forms and text/plain, which
/// need no preflight, are refused by the API's Content-Type rule (415).
/// </summary>
public static class CrossOriginExtensions
{
    public const string Section = "Cors";

    /// <summary>The headers a page may read from an answer besides the simple ones: where a run went, when to retry, the next page, the id to quote.</summary>
    private static readonly string[] Exposed = ["Location", "Retry-After", "Link", CorrelationId.Header];

    public static WebApplicationBuilder AddLiubeiSimCrossOrigin(this WebApplicationBuilder builder)
    {
        var origins = Origins(builder.Configuration);
        if (origins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. origins])
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete)
                .WithHeaders("Content-Type", "Authorization")
                .WithExposedHeaders(Exposed)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        }

        return builder;
    }

    public static WebApplication UseLiubeiSimCrossOrigin(this WebApplication app)
    {
        if (Origins(app.Configuration).Count > 0)
        {
            app.UseCors();
        }

        return app;
    }

    /// <summary>
    /// The configured origins (<c>Cors:Origins:0</c>, <c>Cors:Origins:1</c>, ... or one comma-separated <c>Cors:Origins</c>),
    /// each a scheme, host and optional port such as <c>https://workbench.example.org</c>.
    /// </summary>
    public static IReadOnlyList<string> Origins(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section).GetSection("Origins");
        var listed = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        foreach (var origin in listed)
        {
            if (origin == "*" || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                throw new InvalidOperationException($"{Section}:Origins: '{origin}' is not an origin; give each as scheme://host[:port], e.g. https://workbench.example.org (no path, no '*').");
            }
        }

        return listed;
    }
}
