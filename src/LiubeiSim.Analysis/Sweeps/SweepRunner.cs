using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Sweeps;

/// <summary>Runs a scenario: one engine's run, given a progress sink and a token.</summary>
public delegate Task<RunResult> ScenarioRun(Scenario scenario, IProgress<RunProgress> progress, CancellationToken cancellationToken);

/// <summary>A point to run and its validated scenario.</summary>
public sealed record SweepWork(SweepPoint Point, Scenario Scenario);

/// <summary>
/// Runs a sweep's points, up to <c>parallel</c> at once, handing each result to a callback as its point finishes (in
/// whatever order they finish). A failed point stops the sweep; a cancel stops it too, and points already handed over
/// stay handed over, so at most the points in flight are lost.
/// </summary>
public static class SweepRunner
{
    /// <param name="work">The points to run, in the order they are started.</param>
    /// <param name="run">The engine.</param>
    /// <param name="parallel">Points in flight at once, at least 1.</param>
    /// <param name="finished">Called once per finished point, possibly concurrently; not cancelled, so a finished point is kept.</param>
    /// <param name="progress">Counters to update; started here.</param>
    /// <param name="cancellationToken">Stops the sweep: points in flight are cancelled and lost.</param>
    /// <exception cref="OperationCanceledException">The sweep was cancelled.</exception>
    public static async Task RunAsync(
        IReadOnlyList<SweepWork> work,
        ScenarioRun run,
        int parallel,
        Func<SweepWork, RunResult, Task> finished,
        SweepProgress progress,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        Exception? firstFailure = null;
        progress.Start();

        async Task Worker(int slot)
        {
            // Bounded: each pass takes a new point, and there are work.Count of them.
            while (!stop.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= work.Count)
                {
                    return;
                }

                var item = work[index];
                try
                {
                    var result = await run(item.Scenario, new SlotProgress(progress, slot), stop.Token).ConfigureAwait(false);
                    await finished(item, result).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    progress.PointAbandoned(slot);

                    // The first failure in time is the cause; failures after the stop below are its consequences.
                    if (!stop.IsCancellationRequested)
                    {
                        Interlocked.CompareExchange(ref firstFailure, e, null);
                    }

                    // One point failing (or a cancel) stops the others: their results would not complete the sweep.
                    await stop.CancelAsync().ConfigureAwait(false);
                    throw;
                }

                progress.PointDone(slot);
            }
        }

        var workers = Enumerable.Range(0, Math.Min(parallel, Math.Max(1, work.Count))).Select(slot => Task.Run(() => Worker(slot), CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The first real failure, not the cancellations (or other errors) it caused in the other workers.
            var failure = firstFailure is not OperationCanceledException ? firstFailure : null;
            failure ??= workers.Where(w => w.IsFaulted).SelectMany(w => w.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            throw;
        }
        finally
        {
            progress.Stop();
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Forwards a run's replication-months to its slot; reports on the caller's thread.</summary>
    private sealed class SlotProgress(SweepProgress progress, int slot) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => progress.Report(slot, value.ReplicationMonthsDone);
    }
}

/// <summary>The points of a sweep with their scenarios, or the first point whose scenario is not valid.</summary>
public sealed record SweepWorkList(IReadOnlyList<SweepWork> Work, SweepPoint? Invalid, IReadOnlyList<ScenarioProblem> Problems)
{
    public bool IsValid => Invalid is null;

    /// <summary>Resolves every point's scenario before any runs, so a sweep never stops half-way on a bad point.</summary>
    public static SweepWorkList Resolve(IReadOnlyList<SweepPoint> points)
    {
        var work = new List<SweepWork>(points.Count);
        foreach (var point in points)
        {
            var parsed = point.Resolve();
            if (!parsed.IsValid)
            {
                return new SweepWorkList(work, point, parsed.Problems);
            }

            work.Add(new SweepWork(point, parsed.Scenario));
        }

        return new SweepWorkList(work, null, []);
    }
}
