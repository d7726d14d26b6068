using System.Net;
using System.Net.Sockets;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace LiubeiSim.Host.Hosting;

public static class SiloHostingExtensions
{
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// How long one change of this silo's status in the Redis membership table (joining, active, shutting down, dead)
    /// is retried before Orleans gives up on it (<see cref="ClusterMembershipOptions.MaxJoinAttemptTime"/>, 5 minutes
    /// by default).
    /// </summary>
    /// <remarks>
    /// A silo stopping while its Redis is down makes two such changes, shutting down and dead, each retried until this
    /// limit passes (plus the attempt under way, up to StackExchange.Redis' 5 s timeout, and Orleans' backoff). With
    /// Orleans' default the host took 120 s to exit after SIGTERM (30 s of graceful stop, then its own 30 s and 60 s
    /// caps), past Kubernetes' grace period. With 20 s it took 50-55 s alone but over 90 s once under a loaded test run
    /// (each attempt's timeout and backoff stretch with the load); with 10 s it takes about 32 s (ShutdownTests). A silo
    /// that cannot join its cluster within 10 s (Redis away, peers unreachable) stops with an error and its orchestrator
    /// starts it again.
    /// </remarks>
    public static readonly TimeSpan MembershipUpdateLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Hosts a silo in the web application. Without Redis: one silo on localhost clustering, the same shape as the CLI's
    /// embedded silo but on the configured ports, with grain state in a SQLite file in the data directory. With Redis:
    /// membership and grain state in Redis, so any number of silos (compose, Kubernetes) form one cluster.
    /// </summary>
    public static WebApplicationBuilder AddLiubeiSimSilo(this WebApplicationBuilder builder)
    {
        var settings = ClusterSettings.From(builder.Configuration);
        settings.Use(builder.AddLiubeiSimSiloPorts(settings));
        builder.UseOrleans(silo =>
        {
            if (settings.UsesRedis)
            {
                UseRedis(silo, settings);
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, null, settings.ServiceId, settings.ClusterId);
                silo.AddLiubeiSimDataStore(settings.DataDirectory);
            }

            silo.AddLiubeiSimGrains();

            // The API's runs are the cluster's durable runs: the Runs section sets their limits and retention.
            silo.AddLiubeiSimRunStore(o => builder.Configuration.GetSection(Runs.RunEndpoints.SettingsSection).Bind(o));
            if (settings.Dashboard)
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }

    public static WebApplication MapLiubeiSimDashboard(this WebApplication app)
    {
        if (ClusterSettings.From(app.Configuration).Dashboard)
        {
            app.MapOrleansDashboard(DashboardPath).RequireAuthorization(Identity.IdentityPolicies.Admin);
        }

        return app;
    }

    private static void UseRedis(ISiloBuilder silo, ClusterSettings settings)
    {
        if (settings.Kubernetes)
        {
            // Silo name, advertised pod IP and both ids come from the pod's environment and labels; the ports stay ours.
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = settings.SiloPort;
                o.GatewayPort = settings.GatewayPort;
            });
            silo.UseKubernetesHosting();
        }
        else
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = settings.ServiceId;
                o.ClusterId = settings.ClusterId;
            });
            var host = settings.AdvertisedHostOrDefault();
            if (IPAddress.TryParse(host, out var address))
            {
                // A loopback address means one machine (tests, a developer's cluster): listen there and nowhere else.
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
            }
            else
            {
                silo.ConfigureEndpoints(host, settings.SiloPort, settings.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
            }
        }

        silo.Configure<ClusterMembershipOptions>(o => o.MaxJoinAttemptTime = MembershipUpdateLimit);
        silo.UseRedisClustering(settings.Redis);
        silo.AddRedisGrainStorageAsDefault(o => o.Configure(r => r.ConfigurationOptions = ConfigurationOptions.Parse(settings.Redis)).UseOrleansBinarySerializer());
    }
}
