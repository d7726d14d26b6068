using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Host.Sweeps;

/// <summary>
/// Takes queued sweeps and runs up to <see cref="SweepsSettings.MaxConcurrent"/> at a time: each sweep's points
/// through <see cref="SweepRunner"/> on the cluster (<see cref="OrleansEngine.RunOnAsync"/>, as runs), written as they
/// finish to its tables in both formats, Parquet and CSV, then assembled with sweep.json. On shutdown every sweep under
/// way is cancelled and waited for.
/// </summary>
public sealed partial class SweepWorker(
    SweepQueue queue,
    SweepBook book,
    IGrainFactory grains,
    SweepsSettings settings,
    TimeProvider time,
    ILogger<SweepWorker> log) : BackgroundService
{
    public const string Engine = OrleansEngine.Name;

    private static readonly TidyTableFormat[] Formats = [TidyTableFormat.Parquet, TidyTableFormat.Csv];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrent));
        var underWay = new List<Task>();
        try
        {
            await foreach (var sweep in queue.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                underWay.RemoveAll(t => t.IsCompleted);
                underWay.Add(Task.Run(() => SweepAsync(sweep, slots, stoppingToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(underWay);
            if (book.OwnsRoot)
            {
                SweepBook.DeleteDirectory(book.Root);
            }
        }
    }

    private async Task SweepAsync(SweepRecord sweep, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var spec = sweep.Spec;
        var parallel = settings.Parallel > 0 ? settings.Parallel : 2 * Environment.ProcessorCount;
        var progress = new SweepProgress(sweep.Work.Count, 0, (long)spec.Replications * spec.Months, parallel);
        try
        {
            if (!sweep.TryStart(progress, time.GetUtcNow()))
            {
                return;
            }

            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(sweep.Cancellation, stoppingToken);
            LogStarting(sweep.Id, spec.BaseScenario.Name, sweep.Work.Count);
            var points = sweep.Work.Select(w => w.Point).ToList();
            var writers = Formats.Select(f => TidyTableWriter.Open(f, sweep.TablesDirectory(f), spec.FactorNames, points.Count)).ToArray();
            await SweepRunner.RunAsync(
                sweep.Work,
                (scenario, p, ct) => OrleansEngine.RunOnAsync(grains, scenario, io: null, shards: 0, progress: p, cancellationToken: ct),
                parallel,
                async (item, result) =>
                {
                    foreach (var writer in writers)
                    {
                        await writer.AppendPointAsync(item.Point.Index, item.Point.Values, result, CancellationToken.None);
                    }
                },
                progress,
                cancel.Token);

            foreach (var writer in writers)
            {
                await writer.CompleteAsync(CancellationToken.None);
            }

            var timings = new SweepTimings(0, progress.Elapsed.TotalSeconds, points.Count, 0, progress.ReplicationMonths);
            sweep.Complete(SweepReport.Write(spec, points.Count, TidyTableFormat.Parquet, Engine, parallel, timings), time.GetUtcNow());
            LogFinished(sweep.Id, "completed");
        }
        catch (OperationCanceledException)
        {
            // Tables first, status second: a client that sees "cancelled" must find nothing left behind.
            SweepBook.DeleteDirectory(sweep.Directory);
            sweep.MarkCancelled(time.GetUtcNow(), stoppingToken.IsCancellationRequested && !sweep.Cancellation.IsCancellationRequested ? "the host shut down" : null);
            LogFinished(sweep.Id, "cancelled");
        }
        catch (Exception e)
        {
            // A point's own explanation (which entity failed in which month, or a lost silo) goes to the client; anything
            // else only as an id to find it in the log, since its message may carry addresses, grain keys or paths.
            var id = CorrelationIds.New();
            SweepBook.DeleteDirectory(sweep.Directory);
            sweep.Fail(e is SimulationFailedException ? e.Message : $"the sweep stopped on an internal error (correlation id {id}: the host's log has the details)", time.GetUtcNow());
            LogFailed(e, sweep.Id, id);
        }
        finally
        {
            slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: starting {Points} points of scenario {Scenario}")]
    private partial void LogStarting(string sweepId, string scenario, int points);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: {Outcome}")]
    private partial void LogFinished(string sweepId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: failed (correlation id {CorrelationId})")]
    private partial void LogFailed(Exception exception, string sweepId, string correlationId);
}
