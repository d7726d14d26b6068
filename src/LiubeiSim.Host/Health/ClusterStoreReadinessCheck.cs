using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiubeiSim.Host.Health;

/// <summary>
/// Not ready while the cluster's Redis does not answer: this silo could neither update its membership entry nor read
/// or write grain state, so new work should go elsewhere. Registered only with Redis, and only for readiness: a
/// Redis outage is no reason to restart the process, which would not bring Redis back.
/// </summary>
public sealed class ClusterStoreReadinessCheck(ClusterStoreHealth store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.CheckAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The cluster's Redis answers.")
            : HealthCheckResult.Unhealthy(store.Problem);
}
