using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LiubeiSim.Grains.Runs;
using Orleans.Hosting;

namespace LiubeiSim.Grains.Hosting;

/// <summary>
/// A single silo inside the calling process: localhost clustering on a free loopback port under a cluster id of its
/// own (so it never joins a server running beside it), in-memory storage, no gateway, and no log output.
/// </summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(5);
    private readonly IHost _host;

    private EmbeddedSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's own record of cancelled runs, which its caller marks directly when it cancels.</summary>
    public LocalCancellations Cancellations => _host.Services.GetRequiredService<LocalCancellations>();

    public static async Task<EmbeddedSilo> StartAsync(Action<ISiloBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        // A port found free can be taken by another process before the silo binds it: try again with a new one.
        for (var attempt = 1; ; attempt++)
        {
            var host = Build(FreePorts.Take(1)[0], configure);
            try
            {
                await host.StartAsync(cancellationToken);
                return new EmbeddedSilo(host);
            }
            catch (Exception) when (attempt < StartAttempts && !cancellationToken.IsCancellationRequested)
            {
                host.Dispose();
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }
    }

    private static IHost Build(int siloPort, Action<ISiloBuilder>? configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // Run failures reach the user through the run itself; Orleans' own log lines would only be noise in the CLI.
        builder.Logging.ClearProviders();

        // Ctrl+C belongs to the command that hosts the silo (it cancels the run); the default console lifetime would swallow it.
        builder.Services.AddSingleton<IHostLifetime, HostedByCaller>();
        builder.UseOrleans(silo =>
        {
            // No gateway (port 0): only this process calls the silo, through its own grain factory; no Orleans client ever
            // connects, so a listener and its port would be start-up work for nothing.
            silo.UseLocalhostClustering(siloPort, gatewayPort: 0, serviceId: "liubeisim", clusterId: $"liubeisim-embedded-{Guid.NewGuid():N}");
            // Grain state in Orleans' binary form, as a serve silo keeps it: besides, building the JSON default (which the
            // memory store's construction resolves even when its options name another serializer) would load
            // Newtonsoft.Json into every cold run.
            silo.StoreGrainStateInOrleansBinary();
            silo.AddMemoryGrainStorageAsDefault();
            silo.AddLiubeiSimGrains();
            configure?.Invoke(silo);
        });
        return builder.Build();
    }

    public async ValueTask DisposeAsync() => await StopAsync(GracefulStop, waitForStop: true);

    /// <summary>
    /// Stops the silo: gracefully for up to <paramref name="limit"/>, then abruptly. Unless <paramref name="waitForStop"/>,
    /// returns after the limit even if the silo is still finishing a long grain turn (a turn cannot be interrupted);
    /// after Ctrl+C the process is leaving and must not wait for that.
    /// </summary>
    public async Task StopAsync(TimeSpan limit, bool waitForStop = false)
    {
        var stopping = StopAndDispose(limit);
        if (waitForStop)
        {
            await stopping;
            return;
        }

        await Task.WhenAny(stopping, Task.Delay(limit));
    }

    private async Task StopAndDispose(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _host.Dispose();
        }
    }
}
