using LiubeiSim.Grains.Engine;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// Takes queued runs and simulates up to <see cref="RunsSettings.MaxConcurrent"/> at a time on the cluster through
/// <see cref="OrleansEngine.RunOnAsync"/>: the same path and the same numbers as <c>liubeisim run</c>. On shutdown
/// every run under way is cancelled and waited for, so no run grain is left working for a caller that is gone.
/// </summary>
public sealed partial class RunWorker(
    RunQueue queue,
    IGrainFactory grains,
    RunsSettings settings,
    TimeProvider time,
    ILogger<RunWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrent));
        var underWay = new List<Task>();
        try
        {
            await foreach (var run in queue.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                underWay.RemoveAll(t => t.IsCompleted);
                underWay.Add(Task.Run(() => SimulateAsync(run, slots, stoppingToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(underWay);
        }
    }

    private async Task SimulateAsync(RunRecord run, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            if (!run.TryStart(time.GetUtcNow()))
            {
                return;
            }

            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation, stoppingToken);
            LogStarting(run.Id, run.Scenario.Name, run.Scenario.Replications);
            var result = await OrleansEngine.RunOnAsync(grains, run.Scenario, io: null, shards: run.Shards, progress: run, cancellationToken: cancel.Token);
            run.Complete(result, time.GetUtcNow());
            LogFinished(run.Id, "completed");
        }
        catch (OperationCanceledException)
        {
            run.MarkCancelled(time.GetUtcNow(), stoppingToken.IsCancellationRequested && !run.Cancellation.IsCancellationRequested ? "the host shut down" : null);
            LogFinished(run.Id, "cancelled");
        }
        catch (Exception e)
        {
            // The message is the run's own explanation (which entity failed in which month, or a lost silo); it goes to the client.
            run.Fail(e is SimulationFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}", time.GetUtcNow());
            LogFailed(e, run.Id);
        }
        finally
        {
            slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: starting scenario {Scenario} with {Replications} replications")]
    private partial void LogStarting(string runId, string scenario, int replications);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Outcome}")]
    private partial void LogFinished(string runId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: failed")]
    private partial void LogFailed(Exception exception, string runId);
}
