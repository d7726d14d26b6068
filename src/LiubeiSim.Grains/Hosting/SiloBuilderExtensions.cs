using LiubeiSim.Grains.Admission;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Grains.Shelf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace LiubeiSim.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// How long a grain call may take. The longest legitimate call is a shard's month step: 3.7 s for a single shard of
    /// 100,000 replications on a busy 2-core machine (Debug build, load average 15), so about 40 s for the largest run
    /// the API takes (1,000,000 replications) forced into one shard. A silo that dies fails the calls to it when it is
    /// declared dead (about 10 s, see <see cref="AddLiubeiSimGrains"/>), not at this limit; the limit only ends a call
    /// that hangs on a live silo, and two minutes still leaves three times the worst step.
    /// </summary>
    public static TimeSpan ResponseTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Settings every silo that runs LiubeiSim grains needs (the grains themselves are found by the Orleans SDK):
    /// the call limit and failure detection. Detection only concerns clusters of several silos; a single embedded
    /// silo has nobody to probe, so the settings cost it nothing.
    /// </summary>
    public static ISiloBuilder AddLiubeiSimGrains(this ISiloBuilder silo)
    {
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        silo.Configure<ClusterMembershipOptions>(ConfigureFailureDetection);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<LocalCancellations>();
        silo.Services.AddOptions<RunStoreOptions>()
            .Validate(o => o.GatherAtMost >= 0 && o.GatherInClusterAtMost >= 0 && o.SpreadSample >= 1 && o.SpreadValuesAtMost >= 1, "Runs:GatherAtMost and Runs:GatherInClusterAtMost must be 0 or more, and Runs:SpreadSample and Runs:SpreadValuesAtMost 1 or more.")
            // A grain timer's period and a wait's limit stop at about 49 days; beyond Orleans' idle collection (15 minutes) the check does nothing anyway.
            .Validate(o => o.IdleShardCheck > TimeSpan.Zero && o.IdleShardCheck <= TimeSpan.FromDays(1), "Runs:IdleShardCheck must be a positive time of at most a day (1.00:00:00), e.g. 00:01:00.")
            .ValidateOnStart();
        silo.Services.AddPlacementDirector<ShardSpreadPlacement, ShardSpreadPlacementDirector>();

        // The memory budget is checked as the silo starts: a wrong size stops it naming the setting, not the first run.
        silo.Services.AddOptions<AdmissionOptions>().ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdmissionOptions>, AdmissionBudget.Validation>());
        silo.Services.TryAddSingleton<AdmissionBudget>();

        // Checked at start too: a shelf limit of 0 would refuse every save, found only when someone first saves.
        silo.Services.AddOptions<ScenarioShelfOptions>().ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScenarioShelfOptions>, ScenarioShelfOptions.Validation>());
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
        return silo.StoreGrainStateInOrleansBinary();
    }

    /// <summary>
    /// Grain storage providers left at their default serializer store state in Orleans' binary form. Run records and
    /// results hold types only Orleans' codecs and surrogates know (a scenario, an input-output table, a run's result),
    /// which the JSON serializer that storage providers default to cannot read back: a restarted host, or a run grain
    /// reactivated after idling, would find its run unreadable.
    /// </summary>
    public static ISiloBuilder StoreGrainStateInOrleansBinary(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IGrainStorageSerializer>(services => new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        return silo;
    }

    /// <summary>
    /// A dead silo is declared dead in about 10 s, and anything that gossip missed is seen within 10 s, not a minute.
    /// </summary>
    /// <remarks>
    /// Each silo probes the others; a probe's timeout is also the period between probes. It is
    /// <see cref="ClusterMembershipOptions.ProbeTimeout"/> (4 s) until 4 answers have been timed, then adapts to
    /// them: on a quiet network it settles at its floor, half of that (2 s); under latency or load it may stretch to
    /// <see cref="ClusterMembershipOptions.MaxProbeTimeout"/> (8 s, not Orleans' 4 × 4 s). A silo that missed 3 probes
    /// in a row is suspected, and 2 suspicions (votes) declare it dead (1 in a cluster of two). A killed process
    /// refuses the connection, so a probe fails at once: the first within one period of the death, the third two
    /// periods later, so 4 to 6 s at the 2 s floor and 8 to 12 s at 4 s. Both voters probe at that pace; the verdict is
    /// one write to the table and gossip spreads it in under a second. Measured on loopback (three `liubeisim serve`
    /// on one Redis, one killed): 4.9 and 5.8 s, and 12.5 s when killed 3 s after the cluster formed (Orleans'
    /// defaults: 5.7, 6.7 and 13.9 s). A host that vanishes lets each probe time out instead: 3 × 8 s at worst.
    /// Votes expire after 30 s (Orleans: 2 min), well past the seconds between two silos' votes, so old suspicions do
    /// not add up to a death. Each silo writes "I am alive" every 10 s (a silo silent for 3 × 10 s counts as stale) and
    /// rereads the whole table every 10 s (Orleans: 30 s and 60 s), so a death or a clone on the same address that
    /// gossip did not bring is noticed within 10 s.
    /// </remarks>
    public static void ConfigureFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(4);
        o.MaxProbeTimeout = TimeSpan.FromSeconds(8);
        o.NumMissedProbesLimit = 3;
        o.NumVotesForDeathDeclaration = 2;
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
    }
}
