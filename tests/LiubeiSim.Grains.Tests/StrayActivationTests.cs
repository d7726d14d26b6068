using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.District;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// A run-scoped activation made by a message after its run (a late cancel, a question for a replaced shard) is never
/// started or stopped by anyone; it leaves by itself, while the activations a run started stay for as long as it runs.
/// </summary>
public sealed class StrayActivationTests(StrayActivationTests.SlowSilo silo) : IClassFixture<StrayActivationTests.SlowSilo>
{
    [Fact]
    public async Task Activations_nobody_started_leave_within_seconds()
    {
        var cancel = TestContext.Current.CancellationToken;
        var shardKey = EntityAddress.Shard(Guid.NewGuid().ToString("N"), 0, 0, 0);

        // Each call reaches a fresh activation, which answers that it was never started: as a late message would find it.
        await Assert.ThrowsAsync<ActivationLostException>(() => silo.Grains.GetGrain<IShardGrain>(shardKey).CountTargetsMet(0, cancel));
        await Assert.ThrowsAsync<ActivationLostException>(() => silo.Grains.GetGrain<IDistrictGrain>(EntityAddress.Entity(shardKey, "district")).Initial(0));
        await Assert.ThrowsAsync<ActivationLostException>(() => silo.Grains.GetGrain<IEntityGrain>(EntityAddress.Entity(shardKey, "chain:auto")).Advance(0, 0, default, cancel));

        // Orleans would collect them only after minutes of idleness; the bound is generous for a loaded machine. Only
        // this test's keys are counted: the other test's run may still be stopping its own.
        Assert.Equal(0, await Activations.LeftUnder(silo.Grains, shardKey, 300, cancel));
    }

    [Fact]
    public async Task A_run_longer_than_the_grace_keeps_its_started_activations()
    {
        // The hook makes every month last at least 200 ms, so the 12 months outlast the 1 s grace; a started activation
        // wrongly let go would be recomputed under the next generation's key.
        silo.Keys.Clear();
        var scenario = Scenarios.Load("baseline-2023");
        var result = await OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 2, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(scenario.Months, result.Months);
        var shards = Activations.ShardsOf(silo.Keys.Keys);
        Assert.Equal(2, shards.Length);
        Assert.All(shards, shard => Assert.EndsWith(".0", shard, StringComparison.Ordinal));
    }

    /// <summary>An embedded silo whose entity steps are recorded by grain key, the district's slowed to 200 ms a month.</summary>
    public sealed class SlowSilo : SteppingSilo
    {
        protected override void Slow(string grainKey, string entity, int month)
        {
            if (entity == DistrictIds.District)
            {
                Thread.Sleep(200);
            }
        }
    }
}
