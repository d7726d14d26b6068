using LiubeiSim.Grains.Telemetry;
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
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
