using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Runs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace LiubeiSim.Grains.Tests;

/// <summary>Three silos in this process: shards land on different silos and their results cross the wire serialized.</summary>
/// <remarks>
/// Every test class with this fixture gets a cluster of its own and classes run in parallel, so what the silos record
/// and which step they make fail is kept per cluster (by cluster id), never in one process-wide slot.
/// </remarks>
public sealed class ThreeSiloClusterFixture : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> Placements = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (string Entity, int Month)> Failures = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, StrongBox<int>> Censuses = new(StringComparer.Ordinal);

    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster!;

    /// <summary>Which silo of this cluster stepped each activation (grain key → silo address).</summary>
    public ConcurrentDictionary<string, string> SiloOfActivation => Placements.GetOrAdd(Cluster.Options.ClusterId, _ => new(StringComparer.Ordinal));

    /// <summary>Census questions this cluster's shards have answered (only a run that does not gather asks them).</summary>
    public StrongBox<int> CensusesAnswered => Censuses.GetOrAdd(Cluster.Options.ClusterId, _ => new StrongBox<int>());

    /// <summary>Makes an entity throw in a month on every silo of this cluster; null stops it.</summary>
    public void FailAt((string Entity, int Month)? target)
    {
        if (target is { } t)
        {
            Failures[Cluster.Options.ClusterId] = t;
        }
        else
        {
            Failures.TryRemove(Cluster.Options.ClusterId, out _);
        }
    }

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            Placements.TryRemove(_cluster.Options.ClusterId, out _);
            Failures.TryRemove(_cluster.Options.ClusterId, out _);
            Censuses.TryRemove(_cluster.Options.ClusterId, out _);
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .AddMemoryGrainStorageAsDefault()
            .AddLiubeiSimGrains()
            .AddIncomingGrainCallFilter<CensusCounter>()
            .ConfigureServices(services => services
                .AddSingleton<IEntityStepHook>(sp => new Recorder(sp.GetRequiredService<ILocalSiloDetails>()))
                .Configure<RunStoreOptions>(SpreadRuns));
    }

    /// <summary>
    /// On this cluster runs of the tests' size do not gather: shards on three silos answer for every month's quantiles,
    /// means and targets, in several rounds of counts (the embedded silo's tests cover the gathering runs). Only the
    /// cluster's threshold is lowered, so runs spread because the run saw several silos active.
    /// </summary>
    public static void SpreadRuns(RunStoreOptions options)
    {
        options.GatherInClusterAtMost = 100;
        options.SpreadSample = 24;
        options.SpreadValuesAtMost = 8;
    }

    private sealed class CensusCounter(ILocalSiloDetails silo) : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod.Name == nameof(IShardGrain.Census))
            {
                Interlocked.Increment(ref Censuses.GetOrAdd(silo.ClusterId, _ => new StrongBox<int>()).Value);
            }

            return context.Invoke();
        }
    }

    private sealed class Recorder(ILocalSiloDetails silo) : IEntityStepHook
    {
        public void BeforeStep(string grainKey, string entity, int month)
        {
            Placements.GetOrAdd(silo.ClusterId, _ => new(StringComparer.Ordinal))[grainKey] = silo.SiloAddress.ToString();
            if (Failures.TryGetValue(silo.ClusterId, out var fail) && fail.Entity == entity && fail.Month == month)
            {
                throw new InvalidOperationException($"injected on {silo.SiloAddress}");
            }
        }
    }
}
