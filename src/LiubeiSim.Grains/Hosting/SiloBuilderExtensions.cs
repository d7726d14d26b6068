using Orleans.Configuration;
using Orleans.Hosting;

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
        return silo;
    }
}
