using LiubeiSim.Grains.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace LiubeiSim.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// How long a grain call may take. One shard-month of 100,000 replications or a month's merge of a million is
    /// seconds, not minutes; the limit is only there so that a lost silo fails the run instead of hanging it.
    /// </summary>
    public static TimeSpan ResponseTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Settings every silo that runs LiubeiSim grains needs (the grains themselves are found by the Orleans SDK).</summary>
    public static ISiloBuilder AddLiubeiSimGrains(this ISiloBuilder silo)
    {
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<RunStoreOptions>();
        return silo;
    }

    /// <summary>
    /// Keeps durable runs on this silo: the run catalog's limits and retention, and the keeper that resumes runs whose
    /// silo was lost. Grain storage must be durable (Redis, or the data store) for runs to outlive a restart.
    /// </summary>
    public static ISiloBuilder AddLiubeiSimRunStore(this ISiloBuilder silo, Action<RunStoreOptions>? configure = null)
    {
        if (configure is not null)
        {
            silo.Services.Configure(configure);
        }

        silo.Services.AddHostedService<RunKeeper>();

        // Run records and results hold types only Orleans' codecs and surrogates know (a scenario, an input-output
        // table, a run's result), which the JSON serializer that storage providers default to cannot read back: a
        // restarted host, or a run grain reactivated after idling, would find its run unreadable. Providers left at
        // their default serializer take this one.
        silo.Services.AddSingleton<IGrainStorageSerializer>(services => new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        return silo;
    }
}
