using LiubeiSim.Grains.Telemetry;

namespace LiubeiSim.Host.Telemetry;

/// <summary>Starts LiubeiSim's counters at 0 once the OpenTelemetry provider listens (it is started before this service).</summary>
public sealed class MetricsBaseline : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LiubeiSimMetrics.ReportZeros();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
