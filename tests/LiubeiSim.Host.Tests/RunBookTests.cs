using LiubeiSim.Host.Runs;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Tests;

public sealed class RunBookTests
{
    private static readonly Scenario Baseline = ScenarioLibrary.Load("baseline-2023").WithReplications(100);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A real result, small enough to compute in milliseconds: the book keeps results, not their files' text.
    private static readonly RunResult Result = InProcessEngine.Run(Baseline.WithReplications(10));

    [Fact]
    public void Past_the_limit_the_oldest_finished_runs_are_forgotten_and_unfinished_ones_never()
    {
        var book = new RunBook(new RunsSettings { Retained = 3 });
        var runs = Enumerable.Range(0, 6).Select(i => new RunRecord($"run{i}", Baseline, 0, Start.AddMinutes(i))).ToList();
        book.Add(runs[0]);
        runs[0].TryStart(Start);
        book.Add(runs[1]);
        runs[1].TryStart(Start);
        runs[1].Complete(Result, Start);
        book.Add(runs[2]);
        runs[2].TryStart(Start);
        runs[2].Fail("boom", Start);
        book.Add(runs[3]);

        // Four runs, limit three: the oldest finished one (run1) goes; run0 is still running and stays.
        Assert.NotNull(book.Find("run0"));
        Assert.Null(book.Find("run1"));
        Assert.NotNull(book.Find("run2"));
        Assert.NotNull(book.Find("run3"));

        book.Add(runs[4]);
        book.Add(runs[5]);

        // Nothing finished is left to forget but run2: the book holds more than the limit rather than drop live runs.
        Assert.Null(book.Find("run2"));
        Assert.Equal(["run5", "run4", "run3", "run0"], book.Recent(10).Select(r => r.Id));
    }

    [Fact]
    public void Progress_never_goes_back_and_reaches_1_only_with_the_result()
    {
        var run = new RunRecord("r", Baseline, 0, Start);
        Assert.True(run.TryStart(Start));
        var total = Baseline.Replications * Baseline.Months;

        run.Report(new RunProgress(5, 1, 1, 12, 1, total / 2));
        run.Report(new RunProgress(2, 1, 1, 12, 1, total / 4));
        Assert.Equal(0.5, run.View(Start, "s").Progress);

        run.Report(new RunProgress(11, 1, 1, 12, 1, total));
        Assert.True(run.View(Start, "s").Progress < 1);
        Assert.Null(run.View(Start, "s").SummaryUrl);
        Assert.Null(run.Result);

        run.Complete(Result, Start.AddSeconds(3));
        Assert.Same(Result, run.Result);
        var view = run.View(Start.AddMinutes(1), "/api/runs/r/summary");
        Assert.Equal(("completed", 1.0, 3.0), (view.Status, view.Progress, view.ElapsedSeconds));
        Assert.Equal("/api/runs/r/summary", view.SummaryUrl);
    }

    [Fact]
    public void A_queued_run_cancelled_never_starts_and_a_finished_run_cannot_be_cancelled()
    {
        var queued = new RunRecord("q", Baseline, 0, Start);
        Assert.True(queued.RequestCancel(Start));
        Assert.True(queued.Cancellation.IsCancellationRequested);
        Assert.False(queued.TryStart(Start));
        Assert.Equal("cancelled", queued.View(Start, "s").Status);

        var done = new RunRecord("d", Baseline, 0, Start);
        done.TryStart(Start);
        done.Fail("lost", Start);
        Assert.False(done.RequestCancel(Start));
        done.MarkCancelled(Start, null);
        Assert.Equal(("failed", "lost"), (done.View(Start, "s").Status, done.View(Start, "s").Error));
    }
}
