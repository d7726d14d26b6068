using Microsoft.Extensions.Hosting;

namespace LiubeiSim.Grains.Hosting;

/// <summary>
/// A lifetime that leaves start and stop to the code that owns the host and handles no signal: Ctrl+C belongs to the
/// command that hosts an embedded silo or a cluster client (it cancels the run), and the default console lifetime would
/// swallow it.
/// </summary>
public sealed class HostedByCaller : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
