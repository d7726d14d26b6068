using System.Diagnostics;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;
using Orleans.Hosting;

namespace LiubeiSim.Grains.Engine;

/// <summary>
/// An embedded silo started once and kept for many runs, several of them in flight at once (a sweep's points): each
/// run is <see cref="OrleansEngine.RunOnAsync"/> on this silo, under a run id of its own, so its numbers are those of
/// <see cref="OrleansEngine.Run"/> bit for bit and only the silo's start is saved.
/// </summary>
public sealed class OrleansSession : IAsyncDisposable
{
    /// <summary>After a cancel the silo gets this long to stop (as <see cref="OrleansEngine.RunAsync"/> gives it).</summary>
    private static readonly TimeSpan CancelledStop = TimeSpan.FromMilliseconds(500);

    private readonly EmbeddedSilo _silo;
    private int _disposed;

    private OrleansSession(EmbeddedSilo silo, double startupSeconds)
    {
        _silo = silo;
        StartupSeconds = startupSeconds;
    }

    /// <summary>How long the silo took to start.</summary>
    public double StartupSeconds { get; }

    /// <summary>Starts the silo; a silo that does not start is a <see cref="SimulationFailedException"/>.</summary>
    public static async Task<OrleansSession> StartAsync(Action<ISiloBuilder>? configureSilo = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var silo = await EmbeddedSilo.StartAsync(configureSilo, cancellationToken);
            return new OrleansSession(silo, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new SimulationFailedException($"The embedded silo did not start: {e.Message}", e);
        }
    }

    /// <summary>Runs a scenario on this session's silo; safe to call concurrently. Shards 0: <see cref="OrleansEngine.DefaultShards"/>.</summary>
    public Task<RunResult> RunAsync(Scenario scenario, IoTable? io = null, int shards = 0, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return OrleansEngine.RunOnAsync(_silo.Grains, _silo.Cancellations, scenario, io, shards, progress, cancellationToken);
    }

    /// <summary>
    /// Stops the silo without waiting past a short grace: for after a cancel, when the process is leaving and a grain
    /// turn under way cannot be interrupted.
    /// </summary>
    public async Task AbandonAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _silo.StopAsync(CancelledStop);
        }
    }

    /// <summary>Stops the silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _silo.DisposeAsync();
        }
    }
}
