using System.Diagnostics;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;
using Orleans.Hosting;

namespace LiubeiSim.Grains.Engine;

/// <summary>
/// Runs a scenario on grains: the same contract as <see cref="InProcessEngine.Run"/>, with the same numbers bit for
/// bit. <see cref="Run"/> hosts a silo in this process for the run; <see cref="RunOnAsync"/> uses a running cluster;
/// <see cref="StartAsync"/> hosts a silo for many runs (a sweep's points, several at once).
/// </summary>
public static class OrleansEngine
{
    public const string Name = ScenarioRunGrain.EngineName;

    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(1);

    /// <summary>After a cancel the silo gets this long to stop: the command line's own grace after Ctrl+C is about two seconds.</summary>
    private static readonly TimeSpan CancelledStop = TimeSpan.FromMilliseconds(500);

    /// <summary>Fewest replications worth a shard of its own: below it a shard's 34 activations and their messages cost more than the core it adds.</summary>
    public const int MinShardReplications = 1_000;

    /// <summary>
    /// Default shard count: two per core, so every core has work while a shard waits on its district, but no shard
    /// smaller than <see cref="MinShardReplications"/> (so 1,000 replications run as one shard).
    /// </summary>
    public static int DefaultShards(int replications) =>
        Math.Clamp((int)Math.Ceiling((double)replications / MinShardReplications), 1, 2 * Environment.ProcessorCount);

    /// <summary>Starts an embedded silo to run many scenarios on, concurrently if asked; dispose it to stop the silo.</summary>
    public static Task<OrleansSession> StartAsync(Action<ISiloBuilder>? configureSilo = null, CancellationToken cancellationToken = default) =>
        OrleansSession.StartAsync(configureSilo, cancellationToken);

    public static RunResult Run(Scenario scenario, IoTable? io = null, int shards = 0, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(scenario, io, shards, progress, null, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Starts an embedded silo, runs, stops the silo. Timings say how long the silo took to start apart from the simulation.</summary>
    public static async Task<RunResult> RunAsync(
        Scenario scenario,
        IoTable? io = null,
        int shards = 0,
        IProgress<RunProgress>? progress = null,
        Action<ISiloBuilder>? configureSilo = null,
        CancellationToken cancellationToken = default)
    {
        Preflight(scenario, io);
        var clock = Stopwatch.StartNew();
        EmbeddedSilo silo;
        try
        {
            silo = await EmbeddedSilo.StartAsync(configureSilo, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new SimulationFailedException($"The embedded silo did not start: {e.Message}", e);
        }

        RunResult result;
        var startup = clock.Elapsed.TotalSeconds;
        try
        {
            result = await RunOnAsync(silo.Grains, scenario, io, shards, progress, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await silo.StopAsync(CancelledStop);
            throw;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        await silo.DisposeAsync();
        return result with { Timings = result.Timings with { StartupSeconds = startup } };
    }

    /// <summary>Runs on the cluster behind <paramref name="grains"/>; polls the run grain for progress and stops it on cancellation.</summary>
    public static async Task<RunResult> RunOnAsync(
        IGrainFactory grains,
        Scenario scenario,
        IoTable? io = null,
        int shards = 0,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Preflight(scenario, io);
        var runId = Guid.NewGuid().ToString("N");
        var run = grains.GetGrain<IScenarioRunGrain>(runId);
        await run.Start(new RunRequest
        {
            Scenario = scenario,
            Io = io ?? IoTableReader.Default,
            Shards = shards > 0 ? shards : DefaultShards(scenario.Replications),
        });

        // The moment the caller cancels, this process's queued grain turns of the run become no-ops (see CancelledRuns),
        // whatever grain call this loop is waiting on.
        using var markCancelled = cancellationToken.Register(() => CancelledRuns.Cancel(runId));

        // Progress every 5 ms at first, then every 200 ms, well inside the 2 s a progress line may wait; the end arrives at once.
        var interval = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await CancelAsync(run, runId);
                cancellationToken.ThrowIfCancellationRequested();
            }

            RunStatus status;
            try
            {
                status = await run.GetStatus().WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            // Reported on every poll, moved or not, so a month longer than two seconds still shows signs of life.
            progress?.Report(new RunProgress(status.Month, status.ShardsDone, status.Shards, status.Months, status.ElapsedSeconds, status.ReplicationMonthsDone));

            switch (status.State)
            {
                case RunState.Completed:
                    var result = (await run.GetResult()).Value;
                    await run.Stop();
                    return result;
                case RunState.Failed:
                    await run.Stop();
                    throw new SimulationFailedException(status.Failure ?? "The run failed without saying why.");
                case RunState.Cancelled:
                    await run.Stop();
                    throw new OperationCanceledException("The run was cancelled.");
                case RunState.NotStarted:
                    // A fresh activation answered: the one running the run is gone (its silo left the cluster).
                    await run.Stop();
                    throw new SimulationFailedException("The run's grain was lost (did its silo stop?); the run cannot finish.");
            }

            try
            {
                // A long poll: returns as soon as the run ends, so a short run is not charged a sleeping interval.
                await run.WaitForEnd(interval).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Handled at the top of the loop, where the run grain is told to stop.
            }

            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPollInterval.Ticks));
        }
    }

    /// <summary>
    /// Builds the run's parameters here once, as every grain will: inputs the model refuses (an input-output table
    /// that leaves a chain no final demand) fail now, with the model's message, before a silo or a grain is started.
    /// </summary>
    private static void Preflight(Scenario scenario, IoTable? io)
    {
        try
        {
            _ = ModelParameters.Build(BaseYearDataset.Default, scenario, io);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new SimulationFailedException(e.Message, e);
        }
    }

    /// <summary>Tells the run to stop after the month under way (it then lets its activations go); does not wait for that.</summary>
    private static async Task CancelAsync(IScenarioRunGrain run, string runId)
    {
        // When the silo is in this process its queued grain turns see the cancel now, before the run grain's turn comes.
        CancelledRuns.Cancel(runId);
        try
        {
            await run.Cancel().WaitAsync(CancelGrace);
        }
        catch (TimeoutException)
        {
            // The caller is leaving anyway; an embedded silo going down takes the activations with it.
        }
    }
}
