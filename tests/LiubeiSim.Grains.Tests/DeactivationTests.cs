using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Engine;
using Orleans.Runtime;

namespace LiubeiSim.Grains.Tests;

/// <summary>Run-scoped activations (run, shards, every entity of every shard) go away when the run ends.</summary>
public sealed class DeactivationTests(EmbeddedSiloFixture silo) : IClassFixture<EmbeddedSiloFixture>
{
    private const int Shards = 3;

    [Fact]
    public async Task A_finished_run_leaves_no_liubeisim_activations()
    {
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        var scenario = Model.Scenarios.ScenarioLibrary.Load("baseline-2023").WithReplications(40_000);
        var run = OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: Shards, cancellationToken: TestContext.Current.CancellationToken);

        // Counted while the run goes rather than from its progress reports, which a quick run can outpace; the most seen.
        // A few seconds long, so that counts slowed by a loaded machine still land inside it: at 5,000 replications (under
        // half a second warm) a whole-suite run once failed this test, its message not kept.
        var during = 0;
        for (var poll = 0; poll < 10_000 && !run.IsCompleted; poll++)
        {
            during = Math.Max(during, await CountActivations(management));
            await Task.WhenAny(run, Task.Delay(10, TestContext.Current.CancellationToken));
        }

        await run;

        // The run, its shards and 34 entities per shard were there while it ran.
        Assert.True(during >= 1 + (Shards * 35), $"{during} activations while running");
        var left = int.MaxValue;
        for (var attempt = 0; attempt < 100 && left > 0; attempt++)
        {
            left = await CountActivations(management);
            if (left > 0)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        Assert.Equal(0, left);
    }

    private static async Task<int> CountActivations(IManagementGrain management)
    {
        var statistics = await management.GetSimpleGrainStatistics(TestContext.Current.CancellationToken);
        return statistics.Where(s => s.GrainType.StartsWith("LiubeiSim.Grains.", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
