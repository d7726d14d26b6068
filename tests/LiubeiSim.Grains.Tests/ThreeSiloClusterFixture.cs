using System.Collections.Concurrent;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace LiubeiSim.Grains.Tests;

/// <summary>Three silos in this process: shards land on different silos and their results cross the wire serialized.</summary>
public sealed class ThreeSiloClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster!;

    /// <summary>Which silo stepped each activation (grain key → silo address), recorded by every silo.</summary>
    public static ConcurrentDictionary<string, string> SiloOfActivation { get; } = new(StringComparer.Ordinal);

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
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .AddMemoryGrainStorageAsDefault()
            .AddLiubeiSimGrains()
            .ConfigureServices(services => services.AddSingleton<IEntityStepHook>(sp => new PlacementRecorder(sp.GetRequiredService<ILocalSiloDetails>())));
    }

    /// <summary>An entity and month that throw on every silo, or null; set by a test, cleared after it.</summary>
    public static (string Entity, int Month)? FailAt { get; set; }

    private sealed class PlacementRecorder(ILocalSiloDetails silo) : IEntityStepHook
    {
        public void BeforeStep(string grainKey, string entity, int month)
        {
            SiloOfActivation[grainKey] = silo.SiloAddress.ToString();
            if (FailAt is { } fail && fail.Entity == entity && fail.Month == month)
            {
                throw new InvalidOperationException($"injected on {silo.SiloAddress}");
            }
        }
    }
}
