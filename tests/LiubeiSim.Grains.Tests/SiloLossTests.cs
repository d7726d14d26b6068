using System.Collections.Concurrent;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// A silo dies in the middle of a run (in this process: its activations vanish without a goodbye, as after kill -9)
/// and the run still completes with the numbers of an undisturbed one, because lost shards are recomputed from their
/// seed. Each test has a cluster of its own, since it kills one of its silos.
/// </summary>
public sealed class SiloLossTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(4);

    /// <summary>Which silo stepped each shard, by cluster id, then shard key.</summary>
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SiloAddress>> Stepped = new(StringComparer.Ordinal);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killing_a_silo_that_holds_shards_mid_run_gives_the_bytes_of_an_undisturbed_run(bool spread)
    {
        var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(1_200).WithSeed(77);
        var expected = InProcessEngine.Run(scenario, cancellationToken: TestContext.Current.CancellationToken);

        // Spread: the shards keep their months and answer rounds of questions, which a replacement must answer as well.
        var builder = new TestClusterBuilder(3);
        if (spread)
        {
            builder.AddSiloBuilderConfigurator<SlowRecordingSpreadSilo>();
        }
        else
        {
            builder.AddSiloBuilderConfigurator<SlowRecordingSilo>();
        }

        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        try
        {
            var progress = new MonthWatch();
            var running = OrleansEngine.RunOnAsync(cluster.Client, scenario, shards: 12, progress: progress, cancellationToken: TestContext.Current.CancellationToken);

            // Kill once the run is well under way: months are done and more are to come.
            await progress.ReachedAsync(3).WaitAsync(RunLimit, TestContext.Current.CancellationToken);
            var stepped = Stepped[cluster.Options.ClusterId];
            var victim = cluster.SecondarySilos
                .Select(s => (Silo: s, Shards: stepped.Count(p => p.Value.Equals(s.SiloAddress))))
                .OrderByDescending(p => p.Shards)
                .First();
            Assert.True(victim.Shards > 0, "no secondary silo held a shard: the kill would prove nothing");
            var monthAtKill = progress.Month;
            await cluster.KillSiloAsync(victim.Silo, TestContext.Current.CancellationToken);
            Assert.True(monthAtKill < scenario.Months - 1, $"the run was at month {monthAtKill} of {scenario.Months} when the silo died: too late to prove anything");

            var result = await running.WaitAsync(RunLimit, TestContext.Current.CancellationToken);

            Assert.Equal(RunReport.IndicatorsCsv(expected), RunReport.IndicatorsCsv(result));
            Assert.Equal(RunReport.TargetsCsv(expected), RunReport.TargetsCsv(result));
        }
        finally
        {
            Stepped.TryRemove(cluster.Options.ClusterId, out _);
            await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Completes when the run's progress reaches a month.</summary>
    private sealed class MonthWatch : IProgress<RunProgress>
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _months = new();

        public int Month { get; private set; }

        public Task ReachedAsync(int month) => _months.GetOrAdd(month, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Report(RunProgress value)
        {
            Month = Math.Max(Month, value.Month);
            foreach (var (month, reached) in _months)
            {
                if (value.Month >= month)
                {
                    reached.TrySetResult();
                }
            }
        }
    }

    private class SlowRecordingSilo : ISiloConfigurator
    {
        public virtual void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .AddMemoryGrainStorageAsDefault()
            .AddLiubeiSimGrains()
            .ConfigureServices(services => services.AddSingleton<IEntityStepHook>(sp => new SlowRecorder(sp.GetRequiredService<ILocalSiloDetails>())));
    }

    private sealed class SlowRecordingSpreadSilo : SlowRecordingSilo
    {
        public override void Configure(ISiloBuilder siloBuilder)
        {
            base.Configure(siloBuilder);
            siloBuilder.ConfigureServices(services => services.Configure<RunStoreOptions>(ThreeSiloClusterFixture.SpreadRuns));
        }
    }

    /// <summary>Notes the silo of every shard and slows each step a little, so that a month lasts long enough to kill a silo in.</summary>
    private sealed class SlowRecorder(ILocalSiloDetails silo) : IEntityStepHook
    {
        public void BeforeStep(string grainKey, string entity, int month)
        {
            var shard = grainKey[..(grainKey.Length - entity.Length - 1)];
            Stepped.GetOrAdd(silo.ClusterId, _ => new(StringComparer.Ordinal))[shard] = silo.SiloAddress;
            Thread.Sleep(2);
        }
    }
}
