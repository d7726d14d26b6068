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

    /// <summary>How long a run's grain may fail to answer (its silo dying, not yet declared dead) before the caller gives up.</summary>
    private static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan UnreachableRetry = TimeSpan.FromMilliseconds(500);

    /// <summary>Times a run kept in memory is started again after losing its grain, before the caller is told it failed.</summary>
    private const int MaxRestarts = 3;

    /// <summary>After a cancel the silo gets this long to stop: the command line's own grace after Ctrl+C is about two seconds.</summary>
    private static readonly TimeSpan CancelledStop = TimeSpan.FromMilliseconds(500);

    /// <summary>Fewest replications worth a shard of its own: below it a shard's 34 activations and their messages cost more than the core it adds.</summary>
    public const int MinShardReplications = 1_000;

    /// <summary>
    /// Most replications a default shard takes: a shard's month of reported values (54 series × 8 B each, 28 MB here)
    /// crosses silos as one message, which must stay well under Orleans' 100 MiB limit (four shards of a million
    /// replications would send 108 MB each).
    /// </summary>
    public const int MaxShardReplications = 65_536;

    /// <summary>
    /// Default shard count: two per core, so every core has work while a shard waits on its district, but no shard
    /// smaller than <see cref="MinShardReplications"/> (so 1,000 replications run as one shard) or larger than
    /// <see cref="MaxShardReplications"/>.
    /// </summary>
    public static int DefaultShards(int replications) =>
        Math.Clamp(
            (int)Math.Ceiling((double)replications / MinShardReplications),
            1,
            Math.Max(2 * Environment.ProcessorCount, (int)Math.Ceiling((double)replications / MaxShardReplications)));

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
            result = await RunOnAsync(silo.Grains, silo.Cancellations, scenario, io, shards, progress, cancellationToken);
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

    /// <summary>
    /// Runs on the cluster behind <paramref name="grains"/>, kept in memory: polls the run grain for progress and
    /// cancels it with the caller. If the run's grain is lost with its silo, the run is started again under a new id
    /// (its numbers are a function of the seed, so they come out the same); lost shards are recomputed by the run itself.
    /// </summary>
    public static Task<RunResult> RunOnAsync(
        IGrainFactory grains,
        Scenario scenario,
        IoTable? io = null,
        int shards = 0,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunOnAsync(grains, null, scenario, io, shards, progress, cancellationToken);

    /// <summary>As <see cref="RunOnAsync(IGrainFactory, Scenario, IoTable?, int, IProgress{RunProgress}?, CancellationToken)"/>, on a silo in this process whose cancellations are marked directly.</summary>
    internal static async Task<RunResult> RunOnAsync(
        IGrainFactory grains,
        LocalCancellations? local,
        Scenario scenario,
        IoTable? io,
        int shards,
        IProgress<RunProgress>? progress,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Preflight(scenario, io);
        var request = Request(scenario, io, shards, durable: false, owner: null);
        for (var attempt = 1; ; attempt++)
        {
            var runId = Guid.NewGuid().ToString("N");
            await grains.GetGrain<IScenarioRunGrain>(runId).Start(request);

            // On the caller's signal thread, before any thread-pool work: the silo's queued turns of the run become no-ops.
            using var marked = local is null ? default : cancellationToken.Register(() => local.Cancel(runId));
            try
            {
                return await FollowAsync(grains, runId, progress, cancellationToken);
            }
            catch (RunGrainLostException) when (attempt < MaxRestarts)
            {
                // Started afresh below; the lost run's shards ask it once idle (Runs:IdleShardCheck), are told no, and leave.
            }
            catch (RunGrainLostException e)
            {
                throw new SimulationFailedException($"The run's grain was lost {MaxRestarts} times (did its silos stop?); the run cannot finish.", e);
            }
        }
    }

    /// <summary>
    /// Submits a durable run to the cluster's catalog: recorded in grain storage, queued, started when a slot and its
    /// memory are free, resumed if its silo is lost, and answered for by any host. Returns its id, or throws
    /// <see cref="RunRefusedException"/> when the cluster refuses it (queue full, too large for the memory budget,
    /// owner over a quota).
    /// </summary>
    public static async Task<string> SubmitAsync(IGrainFactory grains, Scenario scenario, IoTable? io = null, int shards = 0, string? owner = null, string? runId = null)
    {
        Preflight(scenario, io);
        runId ??= Guid.NewGuid().ToString("N");
        var outcome = await grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Submit(runId, Request(scenario, io, shards, durable: true, owner));
        return outcome.Accepted ? runId : throw new RunRefusedException(outcome);
    }

    /// <summary>
    /// Cancels a durable run through the cluster's catalog, which frees a queued run's place before answering. False when
    /// the run had already finished or the cluster holds no such run.
    /// </summary>
    public static Task<bool> CancelDurableAsync(IGrainFactory grains, string runId) =>
        grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Cancel(runId);

    /// <summary>
    /// Follows a run until it ends: reports progress, returns the result of a completed run, throws
    /// <see cref="SimulationFailedException"/> for a failed one and <see cref="OperationCanceledException"/> for a
    /// cancelled one. Cancelling <paramref name="cancellationToken"/> cancels the run on the cluster.
    /// </summary>
    public static async Task<RunResult> FollowAsync(IGrainFactory grains, string runId, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var run = grains.GetGrain<IScenarioRunGrain>(runId);

        // Progress every 5 ms at first, then every 200 ms, well inside the 2 s a progress line may wait; the end arrives at once.
        var interval = TimeSpan.FromMilliseconds(5);
        DateTime? unreachableSince = null;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await CancelAsync(run);
                cancellationToken.ThrowIfCancellationRequested();
            }

            RunStatus status;
            try
            {
                status = await run.GetStatus().WaitAsync(cancellationToken);
                unreachableSince = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                continue;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The run grain's silo is dying or dead and not yet declared so: ask again until Orleans places a new
                // activation (which resumes a durable run, or answers NotStarted for one kept in memory).
                unreachableSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - unreachableSince > UnreachableLimit)
                {
                    // The type only: Orleans' message names silo addresses and grain keys, and this text may reach an API client (a sweep's error).
                    throw new SimulationFailedException($"The run's grain did not answer for {UnreachableLimit.TotalSeconds:0} s ({e.GetType().Name}); the cluster's silos may be down.", e);
                }

                await PauseAsync(UnreachableRetry, cancellationToken);
                continue;
            }

            // Reported on every poll, moved or not, so a month longer than two seconds still shows signs of life.
            progress?.Report(new RunProgress(status.Month, status.ShardsDone, status.Shards, status.Months, status.ElapsedSeconds, status.ReplicationMonthsDone));

            switch (status.State)
            {
                case RunState.Completed:
                    RunResult result;
                    try
                    {
                        result = (await run.GetResult()).Value;
                    }
                    catch (Exception e) when (e is OrleansException or TimeoutException)
                    {
                        // Its silo went away between the status and the result: the next status query finds it again.
                        await PauseAsync(UnreachableRetry, cancellationToken);
                        continue;
                    }

                    await StopQuietly(run);
                    return result;
                case RunState.Failed:
                    await StopQuietly(run);
                    throw new SimulationFailedException(status.Failure ?? "The run failed without saying why.");
                case RunState.Cancelled:
                    await StopQuietly(run);
                    throw new OperationCanceledException("The run was cancelled.");
                case RunState.NotStarted:
                    // A fresh activation answered: a run kept in memory lost its grain with its silo (a durable one never
                    // answers this: its record is in storage), or the id names no run.
                    throw new RunGrainLostException($"Run {runId} is not known to the cluster: it was never submitted, was forgotten, or was kept in memory on a silo that stopped.");
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
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The next status query says what became of the run.
            }

            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPollInterval.Ticks));
        }
    }

    private static RunRequest Request(Scenario scenario, IoTable? io, int shards, bool durable, string? owner) => new()
    {
        Scenario = scenario,
        Io = io ?? IoTableReader.Default,
        Shards = shards > 0 ? shards : DefaultShards(scenario.Replications),
        Durable = durable,
        Owner = owner,
    };

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

    /// <summary>Waits, or stops waiting when the caller cancels (the loop then cancels the run).</summary>
    private static async Task PauseAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pause, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The top of the loop handles the cancel.
        }
    }

    /// <summary>Lets a finished run's activations go; a silo that went away meanwhile has let them go already.</summary>
    private static async Task StopQuietly(IScenarioRunGrain run)
    {
        try
        {
            await run.Stop();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // Nothing to let go: the activation's silo is gone, and the run's outcome is already in hand.
        }
    }

    /// <summary>Tells the run to stop after the month under way (it then lets its activations go); does not wait for that.</summary>
    private static async Task CancelAsync(IScenarioRunGrain run)
    {
        try
        {
            // The run cancels its shard calls, and Orleans the entity turns they queued, on whichever silo they wait.
            await run.Cancel().WaitAsync(CancelGrace);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // The caller is leaving anyway; an embedded silo going down takes the activations with it, and a cluster's
            // run grain that cannot be reached now is cancelled by nobody: `DELETE /api/runs/ID` does it later.
        }

    }
}
