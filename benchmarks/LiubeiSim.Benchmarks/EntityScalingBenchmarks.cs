using BenchmarkDotNet.Attributes;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Benchmarks;

/// <summary>
/// Scaling in entities: baseline-2023 with 100, 1,000 and 10,000 synthetic firms (one grain per firm), 200
/// replications in one shard so every firm is one activation and one call per month. The goal compares the cost per
/// entity-month (the run's time over entities × 12 months, entities = firms + the district's 34) at 100 and 10,000.
/// The in-process engine steps the same firms without messages, for reference.
/// </summary>
[MemoryDiagnoser]
public class EntityScalingBenchmarks
{
    /// <summary>The district's own entities: 6 chains, 14 named projects, 7 pipelines, 6 towns and the district.</summary>
    public const int DistrictEntities = 34;

    private const int Replications = 200;
    private Scenario _scenario = null!;
    private EmbeddedSilo _silo = null!;

    [Params(100, 1_000, 10_000)]
    public int Firms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(Replications).WithSyntheticFirms(Firms);
        _silo = EmbeddedSilo.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public RunResult InProcess() => InProcessEngine.Run(_scenario);

    [Benchmark(Baseline = true)]
    public RunResult Orleans() => OrleansEngine.RunOnAsync(_silo.Grains, _scenario, shards: 1).GetAwaiter().GetResult();
}
