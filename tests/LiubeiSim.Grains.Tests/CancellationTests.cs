using System.Diagnostics;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Grains.Tests;

public sealed class CancellationTests(EmbeddedSiloFixture silo) : IClassFixture<EmbeddedSiloFixture>
{
    [Fact]
    public async Task Cancelling_stops_a_long_run_within_seconds_and_the_silo_runs_again()
    {
        // Big enough that it cannot finish before the cancel lands.
        var scenario = Model.Scenarios.ScenarioLibrary.Load("baseline-2023").WithReplications(100_000);
        using var cancel = new CancellationTokenSource();
        var progress = new FirstReport(() => cancel.Cancel());
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 2, progress: progress, cancellationToken: cancel.Token).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        Assert.True(progress.CancelledAt is not null, "progress was reported before the run ended");
        var afterCancel = clock.Elapsed - progress.CancelledAt!.Value;
        Assert.True(afterCancel < TimeSpan.FromSeconds(10), $"the run stopped {afterCancel.TotalSeconds:0.0} s after the cancel");

        // The grains stop too, after the month under way, rather than finishing the run nobody waits for (about 10 s).
        var management = silo.Grains.GetGrain<Orleans.Runtime.IManagementGrain>(0);
        var left = int.MaxValue;
        while (left > 0 && clock.Elapsed - progress.CancelledAt.Value < TimeSpan.FromSeconds(30))
        {
            var statistics = await management.GetSimpleGrainStatistics(TestContext.Current.CancellationToken);
            left = statistics.Where(s => s.GrainType.StartsWith("LiubeiSim.Grains.", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var stopped = clock.Elapsed - progress.CancelledAt.Value;
        TestContext.Current.SendDiagnosticMessage($"client returned {afterCancel.TotalSeconds:0.00} s and grains were gone {stopped.TotalSeconds:0.00} s after the cancel");
        Assert.True(stopped < TimeSpan.FromSeconds(5), $"the run's activations were gone only {stopped.TotalSeconds:0.0} s after the cancel");

        var small = Scenarios.Load("baseline-2023");
        var result = await OrleansEngine.RunOnAsync(silo.Grains, small, shards: 2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(small.Months, result.Months);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_start_runs_nothing()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            OrleansEngine.RunOnAsync(silo.Grains, Scenarios.Load("baseline-2023"), cancellationToken: cancel.Token));
    }

    private sealed class FirstReport(Action onFirst) : IProgress<RunProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public TimeSpan? CancelledAt { get; private set; }

        public void Report(RunProgress value)
        {
            if (CancelledAt is null && value.ShardsDone > 0)
            {
                CancelledAt = _clock.Elapsed;
                onFirst();
            }
        }
    }
}
