using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Grains.Tests;

/// <summary>One silo started once for many runs (a sweep's points): runs in flight together keep a plain run's numbers.</summary>
public sealed class OrleansSessionTests
{
    [Fact]
    public async Task Runs_in_flight_together_on_one_session_each_match_the_in_process_engine()
    {
        var baseline = Scenarios.Load("baseline-2023");
        Scenario[] scenarios =
        [
            .. new[] { 0.0, 15, 30, 45 }.Select(g => baseline with { Levers = new Dictionary<string, double>(StringComparer.Ordinal) { [LeverCatalog.SgmwDemandGrowth] = g } }),
            Scenarios.Load("project-delays"),
            Scenarios.Load("investment-slump"),
        ];

        await using var session = await OrleansEngine.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(session.StartupSeconds > 0);
        var results = await Task.WhenAll(scenarios.Select(s => session.RunAsync(s, cancellationToken: TestContext.Current.CancellationToken)));

        for (var i = 0; i < scenarios.Length; i++)
        {
            var reference = InProcessEngine.Run(scenarios[i], cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(RunReport.IndicatorsCsv(reference), RunReport.IndicatorsCsv(results[i]));
            Assert.Equal(RunReport.TargetsCsv(reference), RunReport.TargetsCsv(results[i]));
        }

        // Different levers, different numbers: the runs did not share state.
        Assert.NotEqual(RunReport.IndicatorsCsv(results[0]), RunReport.IndicatorsCsv(results[3]));
    }

    [Fact]
    public async Task A_run_cancelled_on_a_session_leaves_the_session_able_to_run_again()
    {
        var scenario = Scenarios.Load("baseline-2023");
        await using var session = await OrleansEngine.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            var run = session.RunAsync(scenario.WithReplications(5000), progress: new CancelOnReport(cancel), cancellationToken: cancel.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        var after = await session.RunAsync(scenario, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(RunReport.IndicatorsCsv(InProcessEngine.Run(scenario, cancellationToken: TestContext.Current.CancellationToken)), RunReport.IndicatorsCsv(after));
    }

    /// <summary>
    /// Cancels on the report's own thread. <see cref="Progress{T}"/> would post the cancel to xUnit's synchronization
    /// context, where a report queued before the run ended ran after the token source was disposed: xUnit counted the
    /// ObjectDisposedException as a catastrophic failure of the whole test project.
    /// </summary>
    private sealed class CancelOnReport(CancellationTokenSource cancel) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => cancel.Cancel();
    }
}
