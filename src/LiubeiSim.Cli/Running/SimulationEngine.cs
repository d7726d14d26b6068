using LiubeiSim.Cli.Cluster;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Running;

/// <summary>
/// An engine for commands that run many scenarios (sweep, sensitivity, seek), started once: an embedded silo kept for
/// every run (several in flight at once), a running cluster reached as an Orleans client, or the in-process engine,
/// each run on a thread of its own.
/// </summary>
public sealed class SimulationEngine : IAsyncDisposable
{
    private readonly OrleansSession? _session;
    private readonly ClusterClientConnection? _cluster;

    private SimulationEngine(string name, OrleansSession? session, ClusterClientConnection? cluster = null)
    {
        Name = name;
        _session = session;
        _cluster = cluster;
    }

    /// <summary><see cref="RunOptions.Orleans"/> or <see cref="RunOptions.InProcess"/>.</summary>
    public string Name { get; }

    /// <summary>How long the engine took to start (the silo; 0 in process).</summary>
    public double StartupSeconds => _session?.StartupSeconds ?? 0;

    /// <summary>Points in flight by default: two per core on the silo, so a core has work while a run waits at a month's barrier; one per core in process.</summary>
    public static int DefaultParallel(string engine) => engine == RunOptions.InProcess ? Environment.ProcessorCount : 2 * Environment.ProcessorCount;

    /// <exception cref="SimulationFailedException">The silo did not start.</exception>
    public static async Task<SimulationEngine> StartAsync(string engine, CancellationToken cancellationToken) =>
        engine == RunOptions.InProcess
            ? new SimulationEngine(engine, null)
            : new SimulationEngine(engine, await OrleansEngine.StartAsync(cancellationToken: cancellationToken));

    /// <summary>Runs on a running cluster: each run kept in memory on its silos (not in the cluster's run list), cancelled there with the caller.</summary>
    /// <exception cref="ClusterUnreachableException">No connection within <see cref="ClusterClientConnection.ConnectLimit"/>.</exception>
    public static async Task<SimulationEngine> ConnectAsync(ClusterAddress cluster, string clusterId, CancellationToken cancellationToken) =>
        new(RunOptions.Orleans, null, await ClusterClientConnection.ConnectAsync(cluster, clusterId, cancellationToken));

    /// <summary>Runs one scenario with the engine's default split of replications; safe to call concurrently.</summary>
    public Task<RunResult> RunAsync(Scenario scenario, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        if (_session is { } session)
        {
            return session.RunAsync(scenario, progress: progress, cancellationToken: cancellationToken);
        }

        if (_cluster is { } cluster)
        {
            return OrleansEngine.RunOnAsync(cluster.Grains, scenario, progress: progress, cancellationToken: cancellationToken);
        }

        // A sweep runs a point per core: each point's blocks stay on a thread of its own, so pool threads stay free for progress.
        return Task.Factory.StartNew(
            () => InProcessEngine.Run(scenario, progress: progress, cancellationToken: cancellationToken, parallel: false),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>Stops the silo at once after a cancel: the process is leaving and must not wait for a grain turn.</summary>
    public async Task AbandonAsync()
    {
        if (_session is { } session)
        {
            await session.AbandonAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is { } session)
        {
            await session.DisposeAsync();
        }

        if (_cluster is { } cluster)
        {
            await cluster.DisposeAsync();
        }
    }
}
