using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// A started shard that its run no longer holds (the run's grain was lost with its silo and the run started again under
/// a new attempt, or the shard was replaced and its Stop went astray) lets its entities go once it has been idle for
/// <see cref="RunStoreOptions.IdleShardCheck"/>; a shard of a live run that waits as long keeps them.
/// </summary>
public sealed class AbandonedShardTests(AbandonedShardTests.WatchfulSilo silo) : IClassFixture<AbandonedShardTests.WatchfulSilo>
{
    [Fact]
    public async Task A_started_shard_whose_run_does_not_hold_it_lets_its_entities_go()
    {
        var cancel = TestContext.Current.CancellationToken;

        // A shard started as a run's attempt would start it, but no run holds it: as after its run's grain was lost.
        var runId = Guid.NewGuid().ToString("N");
        var shardKey = EntityAddress.Shard(runId, 0, 0, 0);
        var scenario = Scenarios.Load("baseline-2023").WithReplications(64);
        await silo.Grains.GetGrain<IShardGrain>(shardKey).Start(
            new ShardSetup { RunId = runId, Shard = 0, Scenario = scenario, Io = IoTableReader.Default, BlockStart = 0, BlockCount = 64 },
            cancel);
        var started = await Activations.CountUnder(silo.Grains, shardKey);
        Assert.True(started > 2, $"the shard and its entities should be active once started; {started} were");

        // Orleans alone would keep them for 15 minutes; asked after 1 s idle here, generous bounds for a loaded machine.
        Assert.Equal(0, await Activations.LeftUnder(silo.Grains, shardKey, 600, cancel));

        // The run activation the question made (nothing was ever started there) leaves too.
        var runs = int.MaxValue;
        for (var attempt = 0; attempt < 300 && runs > 0; attempt++)
        {
            runs = await CountRuns(runId);
            if (runs > 0)
            {
                await Task.Delay(100, cancel);
            }
        }

        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task A_live_run_keeps_a_shard_that_waits_longer_than_the_check()
    {
        // Shard 1's district takes 3 s over one month, so shard 0 waits about 3 s for it: it asks, the run holds it, it
        // stays. A shard wrongly let go would be recomputed under the next generation's key (…/0.1/…).
        silo.Keys.Clear();
        var scenario = Scenarios.Load("baseline-2023");
        var result = await OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 2, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(scenario.Months, result.Months);
        Assert.True(silo.Waited, "shard 1's slow month did not happen, so shard 0 never waited");
        var shards = Activations.ShardsOf(silo.Keys.Keys);
        Assert.Equal(2, shards.Length);
        Assert.All(shards, shard => Assert.EndsWith(".0", shard, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60 * 24 * 60)]
    public async Task A_silo_with_an_idle_shard_check_it_cannot_time_does_not_start_and_names_the_setting(int minutes)
    {
        // Sixty days would start, then fail every run: a grain timer's period stops at about 49 days.
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => EmbeddedSilo.StartAsync(
            s => s.Services.Configure<RunStoreOptions>(o => o.IdleShardCheck = TimeSpan.FromMinutes(minutes)),
            TestContext.Current.CancellationToken));

        Assert.Contains("Runs:IdleShardCheck must be a positive time of at most a day", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Activations keyed exactly <paramref name="runId"/>: the run grain's.</summary>
    private async Task<int> CountRuns(string runId) =>
        (await silo.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Count(s => s.GrainId.Key.ToString() == runId);

    /// <summary>An embedded silo whose shards ask after 1 s idle, with one month of shard 1's district slowed to 3 s.</summary>
    public sealed class WatchfulSilo : SteppingSilo
    {
        public bool Waited { get; private set; }

        protected override void Slow(string grainKey, string entity, int month)
        {
            if (entity == DistrictIds.District && month == 2 && grainKey.Contains("/1.", StringComparison.Ordinal))
            {
                Thread.Sleep(3000);
                Waited = true;
            }
        }

        protected override void Configure(IServiceCollection services) =>
            services.Configure<RunStoreOptions>(o => o.IdleShardCheck = TimeSpan.FromSeconds(1));
    }
}
