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

    [Fact]
    public async Task Killing_the_run_s_silo_lets_the_lost_attempt_s_shards_go_from_the_other_silos()
    {
        var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(1_200).WithSeed(78);
        var expected = InProcessEngine.Run(scenario, cancellationToken: TestContext.Current.CancellationToken);
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SlowRecordingWatchfulSilo>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        try
        {
            var management = cluster.Client.GetGrain<IManagementGrain>(0);

            // The run grain must sit on a secondary silo (killing the primary takes the test cluster's membership with it):
            // runs placed on the primary are cancelled and started again, a bounded number of times.
            for (var attempt = 1; ; attempt++)
            {
                using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                var progress = new MonthWatch();
                var running = OrleansEngine.RunOnAsync(cluster.Client, scenario, shards: 12, progress: progress, cancellationToken: cancel.Token);
                await progress.ReachedAsync(2).WaitAsync(RunLimit, TestContext.Current.CancellationToken);
                var run = Assert.Single(await RunActivations(management));
                var host = cluster.SecondarySilos.FirstOrDefault(s => s.SiloAddress.Equals(run.SiloAddress));
                if (host is null)
                {
                    Assert.True(attempt < 8, "the run grain was placed on the primary silo 8 times in a row");
                    await cancel.CancelAsync();
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(RunLimit, TestContext.Current.CancellationToken));
                    continue;
                }

                var lostRun = run.GrainId.Key.ToString()!;
                var survivors = cluster.Silos.Where(s => s != host).Select(s => s.SiloAddress).ToArray();
                var held = await Activations.CountUnder(cluster.Client, lostRun + ".", survivors);
                Assert.True(held > 0, "the lost attempt had no shard on the other silos: the test would prove nothing");
                await cluster.KillSiloAsync(host, TestContext.Current.CancellationToken);

                // The run starts again under a new id and completes with the undisturbed bytes.
                var result = await running.WaitAsync(RunLimit, TestContext.Current.CancellationToken);
                Assert.Equal(RunReport.IndicatorsCsv(expected), RunReport.IndicatorsCsv(result));

                // Nothing stops the lost attempt's shards on the other silos; idle, they ask their run and leave (Orleans
                // alone would keep them, with their entities' data, for 15 minutes). Generous bound for a loaded machine.
                Assert.Equal(0, await Activations.LeftUnder(cluster.Client, lostRun + ".", 600, TestContext.Current.CancellationToken, survivors));
                return;
            }
        }
        finally
        {
            Stepped.TryRemove(cluster.Options.ClusterId, out _);
            await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The run grains active in the cluster.</summary>
    private static async Task<List<DetailedGrainStatistic>> RunActivations(IManagementGrain management) =>
        [.. (await management.GetDetailedGrainStatistics()).Where(s => s.GrainId.Type.ToString() == "scenariorun")];

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

    /// <summary>Shards ask their run after 1 s idle, not a minute, so a test sees them go.</summary>
    private sealed class SlowRecordingWatchfulSilo : SlowRecordingSilo
    {
        public override void Configure(ISiloBuilder siloBuilder)
        {
            base.Configure(siloBuilder);
            siloBuilder.ConfigureServices(services => services.Configure<RunStoreOptions>(o => o.IdleShardCheck = TimeSpan.FromSeconds(1)));
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
