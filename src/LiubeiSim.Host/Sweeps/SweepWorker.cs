using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Host.Admission;
using LiubeiSim.Model.Admission;
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
    MemoryLeases leases,
    TimeProvider time,
    ILogger<SweepWorker> log) : BackgroundService
{
    public const string Engine = OrleansEngine.Name;

    /// <summary>How often a sweep waiting for memory (the cluster's runs hold it) asks again.</summary>
    private static readonly TimeSpan MemoryPoll = TimeSpan.FromSeconds(2);

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
        MemoryLease? lease = null;
        try
        {
            // Queued until memory for one point at least is free beside the cluster's runs; as many points as the grant
            // holds then run at once.
            var point = SweepMemory.LargestPoint(sweep.Work.Select(w => w.Scenario)).PeakBytes;
            var inFlight = Math.Min(parallel, sweep.Work.Count);
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(sweep.Cancellation, stoppingToken))
            {
                try
                {
                    lease = await ReserveAsync(sweep.Id, point, point * inFlight, waiting.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Cancelled while it waited: still queued, and RequestCancel has said so.
                    return;
                }
            }

            if (lease.Bytes < point * inFlight)
            {
                parallel = (int)Math.Max(1, lease.Bytes / Math.Max(1, point));
                LogFewerPoints(sweep.Id, parallel, inFlight);
            }

            var progress = new SweepProgress(sweep.Work.Count, 0, (long)spec.Replications * spec.Months, parallel);
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
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            slots.Release();
        }
    }

    /// <summary>Waits for memory for at least one point (cancelled with the sweep); a catalog out of reach is waited out too.</summary>
    private async Task<MemoryLease> ReserveAsync(string sweepId, long point, long wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var (lease, grant) = await leases.TryReserveAsync($"sweep/{sweepId}", point, wanted);
                if (lease is not null)
                {
                    return lease;
                }

                if (point > grant.BudgetBytes)
                {
                    // The catalog's silo has a smaller budget than this host: waiting would never end.
                    throw new SimulationFailedException($"a point needs about {ByteSize.Format(point)} of memory, over the {ByteSize.Format(grant.BudgetBytes)} the cluster's run catalog allows (its Admission settings); give each point fewer replications, months or synthetic firms.");
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                LogReserveFailed(sweepId, e.GetType().Name);
            }

            await Task.Delay(MemoryPoll, cancellationToken);
        }
    }
    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: starting {Points} points of scenario {Scenario}")]
    private partial void LogStarting(string sweepId, string scenario, int points);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: memory for {Parallel} points at once of the {Wanted} asked; running that many")]
    private partial void LogFewerPoints(string sweepId, int parallel, int wanted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: could not reserve memory ({Error}); asking again")]
    private partial void LogReserveFailed(string sweepId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: {Outcome}")]
    private partial void LogFinished(string sweepId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: failed (correlation id {CorrelationId})")]
    private partial void LogFailed(Exception exception, string sweepId, string correlationId);
}
