using LiubeiSim.Host.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace LiubeiSim.Host.Health;

public static class HealthExtensions
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    private const string ReadyTag = "ready";

    /// <summary>A check that hangs is unhealthy after this long, so /readyz answers within about a second whatever happens.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(1);

    public static WebApplicationBuilder AddLiubeiSimHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: [ReadyTag]);
        builder.Services.TryAddSingleton(TimeProvider.System);
        var cluster = ClusterSettings.From(builder.Configuration);
        if (cluster.UsesRedis)
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(WatchOptions(cluster.Redis)));
            builder.Services.AddSingleton(services => new ClusterStoreHealth(
                services.GetRequiredService<IConnectionMultiplexer>(), services.GetRequiredService<TimeProvider>()));
            checks.AddCheck<ClusterStoreReadinessCheck>("cluster-store", tags: [ReadyTag], timeout: CheckTimeout);

            // Connect while the host starts (Redis is up then, or the silo would not start), not on the first probe.
            builder.Services.AddHostedService<ClusterStoreConnection>();
        }
        else
        {
            builder.Services.AddSingleton(services => new ClusterStoreHealth(services.GetRequiredService<TimeProvider>()));
        }

        // Probes apart from the API, on a thread of their own, when Probes:Url names where.
        var probes = builder.Configuration.GetSection(ProbeSettings.Section).Get<ProbeSettings>() ?? new ProbeSettings();
        if (!string.IsNullOrWhiteSpace(probes.Url))
        {
            _ = ProbeListener.Endpoint(probes.Url);
            builder.Services.AddSingleton(probes);
            builder.Services.AddSingleton<ProbeListener>();
            builder.Services.AddHostedService(services => services.GetRequiredService<ProbeListener>());
        }

        return builder;
    }

    public static WebApplication MapLiubeiSimHealth(this WebApplication app)
    {
        // Liveness runs no check: a process that answers HTTP is alive, and restarting it because the cluster is
        // still forming, or its Redis is away, would only make things worse.
        // Anonymous: orchestrators probe without a key, and the answers say nothing about runs or keys.
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = IsReadinessCheck, ResponseWriter = WriteReasons }).AllowAnonymous();
        return app;
    }

    /// <summary>The checks /readyz runs (the silo, and Redis when there is one).</summary>
    internal static bool IsReadinessCheck(HealthCheckRegistration check) => check.Tags.Contains(ReadyTag);

    /// <summary>/readyz's body: "Healthy", or the status and a line per failed check and why.</summary>
    internal static string ReadinessText(HealthReport report) => string.Join('\n', report.Entries
        .Where(entry => entry.Value.Status != HealthStatus.Healthy)
        .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.Message ?? entry.Value.Status.ToString()}")
        .Prepend(report.Status.ToString()));

    /// <summary>
    /// "Healthy" as before; otherwise the status and, a line each, the checks that failed and why, so whoever curls
    /// /readyz learns what is missing (a silo still joining, Redis away) without reading the logs.
    /// </summary>
    private static Task WriteReasons(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(ReadinessText(report));
    }

    /// <summary>
    /// The cluster's connection string, made to watch: never give up at the first failure, and retry every second, so
    /// readiness follows Redis both ways within about a second.
    /// </summary>
    internal static ConfigurationOptions WatchOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ConnectTimeout = 2000;
        options.ClientName ??= "liubeisim-readiness";
        return options;
    }

    /// <summary>Makes the shared connection (and <see cref="ClusterStoreHealth"/>) when the host starts.</summary>
    private sealed class ClusterStoreConnection(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<ClusterStoreHealth>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
