using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace LiubeiSim.Host.Health;

/// <summary>
/// Ready means this silo is an active member of its cluster and is not shutting down: only then can it accept runs
/// and place grains. A joining or leaving silo answers 503 so that a load balancer sends work elsewhere.
/// </summary>
public sealed class SiloReadinessCheck(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The host is shutting down."));
        }

        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {localSilo.SiloAddress} is active.")
            : HealthCheckResult.Unhealthy($"Silo {localSilo.SiloAddress} is {status}, not active."));
    }
}
