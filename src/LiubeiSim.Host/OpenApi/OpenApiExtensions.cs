using LiubeiSim.Host.Comparisons;
using LiubeiSim.Host.Health;
using LiubeiSim.Host.Identity;
using LiubeiSim.Host.Runs;
using LiubeiSim.Host.Sweeps;
using LiubeiSim.Host.Telemetry;
using LiubeiSim.Model.Output;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace LiubeiSim.Host.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference of it at <c>/scalar</c>. Every route the host
/// maps is in the document (a test holds it to that): the API's own from their endpoint metadata, the probes and
/// <c>/metrics</c>, which are middleware rather than route handlers, added by hand here.
/// </summary>
public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";
    public const string OperationsTag = "Operations";

    public static WebApplicationBuilder AddLiubeiSimOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "LiubeiSim",
                Version = ToolInfo.Version,
                Description = "Monte Carlo projections of the economy of Liubei district: runs of a scenario, paired comparisons, sweeps, their files and fan charts. Errors are RFC 9457 problem documents. docs/api.md in the repository has examples.",
            };
            document.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = RunEndpoints.Tag, Description = "Queue a scenario run on the cluster, follow it, fetch its files and monthly fan charts." },
                new() { Name = CompareEndpoints.Tag, Description = "Paired comparisons with common random numbers, computed while the request waits." },
                new() { Name = SweepEndpoints.Tag, Description = "Queue a sweep spec's points on the cluster, follow it, fetch its tidy tables in CSV or Parquet." },
                new() { Name = "Scenarios", Description = "The built-in scenarios." },
                new() { Name = KeyEndpoints.Tag, Description = "API keys: list, create (the key is shown once), revoke. Admin keys only." },
                new() { Name = OperationsTag, Description = "Probes and metrics for orchestrators and Prometheus." },
            };
            AddOperational(document, HealthExtensions.LivenessPath, "Liveness probe", "`Healthy` while the process answers HTTP; runs no check, so a forming cluster never gets the process restarted.", "text/plain");
            AddOperational(document, HealthExtensions.ReadinessPath, "Readiness probe", "`Healthy` once the silo is active and can take runs; 503 `Unhealthy` before.", "text/plain", StatusCodes.Status503ServiceUnavailable);
            AddOperational(document, TelemetryExtensions.MetricsPath, "Prometheus metrics", "Orleans, .NET runtime, HTTP server and LiubeiSim run metrics in the Prometheus text exposition format. Needs a viewer key (Prometheus sends one with `authorization: {credentials_file: ...}`), except on a loopback host with no keys.", "text/plain");
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapLiubeiSimOpenApi(this WebApplication app)
    {
        // Anonymous: the document describes the API (as the repository does), holds no data, and tells a client how to authenticate.
        app.MapOpenApi(DocumentPath).AllowAnonymous();

        // Offline by construction: the page's JavaScript is embedded in Scalar.AspNetCore and served from this host;
        // the web fonts it would fetch by default, telemetry, its AI agent and its developer toolbar (links to a hosted
        // service) are off, so the page loads everything from this host.
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("LiubeiSim API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools())
            .AllowAnonymous();
        return app;
    }

    private static void AddOperational(OpenApiDocument document, string path, string summary, string description, string contentType, int? otherStatus = null)
    {
        var responses = new OpenApiResponses
        {
            ["200"] = Response("OK", contentType),
        };
        if (otherStatus is { } status)
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response("Not ready", contentType);
        }

        document.Paths ??= [];
        document.Paths[path] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    Summary = summary,
                    Description = description,
                    Tags = new HashSet<OpenApiTagReference> { new(OperationsTag, document) },
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiResponse Response(string description, string contentType) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
    };
}
