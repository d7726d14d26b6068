using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Tests.Sweeps;

public sealed class SweepRunnerTests
{
    private static IReadOnlyList<SweepWork> Work(int points, int replications = 20)
    {
        var spec = $"base: baseline-2023\nreplications: {replications}\nfactors:\n  levers.sgmw_demand_growth: [{string.Join(", ", Enumerable.Range(0, points).Select(i => i * 5))}]\n";
        var parsed = SweepSpecParser.ParseText("spec.yaml", spec, Path.GetTempPath());
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Problems));
        var work = SweepWorkList.Resolve(parsed.Spec!.Points());
        Assert.True(work.IsValid);
        return work.Work;
    }

    private static Task<RunResult> InProcess(Scenario scenario, IProgress<RunProgress> progress, CancellationToken token) =>
        Task.Run(() => InProcessEngine.Run(scenario, progress: progress, cancellationToken: token), token);

    [Fact]
    public async Task Points_run_at_once_give_each_the_numbers_of_a_plain_run()
    {
        var work = Work(6);
        var results = new RunResult?[work.Count];
        var progress = new SweepProgress(work.Count, 0, 20L * 12, 3);
        await SweepRunner.RunAsync(work, InProcess, 3, (item, result) =>
        {
            results[item.Point.Index] = result;
            return Task.CompletedTask;
        }, progress, TestContext.Current.CancellationToken);

        Assert.Equal(6, progress.Done);
        Assert.Equal(6L * 20 * 12, progress.ReplicationMonths);
        for (var p = 0; p < work.Count; p++)
        {
            var alone = InProcessEngine.Run(work[p].Scenario, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(alone.Monthly, results[p]!.Monthly);
            Assert.Equal(alone.Targets.Select(t => t.Probability), results[p]!.Targets.Select(t => t.Probability));
        }
    }

    [Fact]
    public async Task A_cancel_keeps_the_points_handed_over_and_stops_the_rest()
    {
        var work = Work(8);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var handed = new System.Collections.Concurrent.ConcurrentBag<int>();
        var count = 0;
        var progress = new SweepProgress(work.Count, 0, 20L * 12, 2);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SweepRunner.RunAsync(work, InProcess, 2, (item, _) =>
        {
            handed.Add(item.Point.Index);

            // Counted atomically: two points handed over at once could each read the bag's count after both adds (3,
            // never 2), and then nothing would cancel.
            if (Interlocked.Increment(ref count) == 2)
            {
                cancel.Cancel();
            }

            return Task.CompletedTask;
        }, progress, cancel.Token));

        // Points already in flight when the cancel comes (at most the two running) may still finish and be handed over.
        Assert.InRange(handed.Count, 2, 2 + 2);
        Assert.Equal(handed.Count, progress.Done);
    }

    [Fact]
    public async Task A_failed_point_stops_the_sweep_with_its_own_exception()
    {
        var work = Work(5);
        var progress = new SweepProgress(work.Count, 0, 20L * 12, 2);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SweepRunner.RunAsync(
            work,
            (scenario, p, token) => scenario.Levers[LeverCatalog.SgmwDemandGrowth] == 10 ? Task.FromException<RunResult>(new InvalidOperationException("point 2 broke")) : InProcess(scenario, p, token),
            2,
            (_, _) => Task.CompletedTask,
            progress,
            TestContext.Current.CancellationToken));
        Assert.Equal("point 2 broke", failure.Message);
        Assert.True(progress.Done < work.Count);
    }

    [Fact]
    public async Task The_failure_reported_is_the_first_in_time_not_one_it_caused()
    {
        // Point 0 (worker 0) fails only because the stop reached it; point 1 failed first and is the cause.
        var work = Work(2);
        var progress = new SweepProgress(work.Count, 0, 20L * 12, 2);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SweepRunner.RunAsync(
            work,
            async (scenario, p, token) =>
            {
                if (scenario.Levers[LeverCatalog.SgmwDemandGrowth] != 0)
                {
                    throw new InvalidOperationException("the cause");
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(60), token);
                }
                catch (OperationCanceledException)
                {
                    throw new InvalidOperationException("a consequence");
                }

                throw new InvalidOperationException("never reached: the delay is cancelled");
            },
            2,
            (_, _) => Task.CompletedTask,
            progress,
            TestContext.Current.CancellationToken));

        Assert.Equal("the cause", failure.Message);
    }

    [Fact]
    public void Progress_says_starting_until_there_is_a_rate_then_the_rate_and_time_left()
    {
        var progress = new SweepProgress(10, 4, 1200, 2);
        Assert.Equal("4/10 points, starting", progress.Describe());
        Assert.Null(progress.Rate);

        progress.Start();
        Thread.Sleep(20);
        progress.Report(0, 600);
        Assert.NotNull(progress.Rate);
        Assert.Matches(@"^4/10 points, [\d,]+ replication-months/s, \d+[smh].* left$", progress.Describe());
        progress.PointDone(0);
        Assert.Equal(5, progress.Done);
        Assert.Equal(1200, progress.ReplicationMonths);
    }
}
