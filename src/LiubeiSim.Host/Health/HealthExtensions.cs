using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace LiubeiSim.Host.Health;

public static class HealthExtensions
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddLiubeiSimHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapLiubeiSimHealth(this WebApplication app)
    {
        // Liveness runs no check: a process that answers HTTP is alive, and restarting it because the cluster is
        // still forming would only make things worse.
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
