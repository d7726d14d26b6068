using LiubeiSim.Grains.Telemetry;
using LiubeiSim.Host.Identity;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace LiubeiSim.Host.Telemetry;

public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Orleans' own meter, the .NET runtime, the HTTP server and LiubeiSim's runs, exported for Prometheus.</summary>
    public static WebApplicationBuilder AddLiubeiSimTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("liubeisim"))
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansMeter, LiubeiSimMetrics.MeterName)
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        builder.Services.AddHostedService<MetricsBaseline>();
        return builder;
    }

    public static WebApplication MapLiubeiSimMetrics(this WebApplication app)
    {
        // A viewer key: the metrics tell how busy the cluster is and what it runs; Prometheus sends a key as a bearer token.
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(IdentityPolicies.Viewer);
        return app;
    }
}
