using BenchmarkDotNet.Attributes;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Benchmarks;

/// <summary>
/// A whole run of baseline-2023 (12 months) on each engine. The Orleans engine runs on an embedded silo started once
/// in the setup, as a server would have it; the silo's own start-up (about a second, paid once per process) is not
/// part of a run's cost and is reported by the command line as startupSeconds.
/// R = 100,000 runs only in the jobs pinned to one and to two cores (<see cref="SuiteConfig.Create"/> with cores), and
/// there only the two engines' defaults: issue 13's throughput per core and cycles per replication-month.
/// </summary>
[MemoryDiagnoser]
public class WholeRunBenchmarks
{
    private Scenario _scenario = null!;
    private EmbeddedSilo _silo = null!;

    [Params(1_000, 10_000, SuiteConfig.PinnedReplications)]
    public int R { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(R);
        _silo = EmbeddedSilo.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public RunResult InProcess() => InProcessEngine.Run(_scenario);

    [Benchmark]
    public RunResult Orleans() => OrleansEngine.RunOnAsync(_silo.Grains, _scenario).GetAwaiter().GetResult();

    /// <summary>One shard per core instead of the default two: half the activations and calls per run, for comparison.</summary>
    [Benchmark]
    public RunResult OrleansOneShardPerCore() =>
        OrleansEngine.RunOnAsync(_silo.Grains, _scenario, shards: Environment.ProcessorCount).GetAwaiter().GetResult();
}
