using LiubeiSim.Grains.Admission;
using LiubeiSim.Grains.Runs;

namespace LiubeiSim.Host.Admission;

/// <summary>
/// Memory for simulations this host runs outside the run catalog's queue (comparisons here, sweep points on the
/// cluster), reserved from the catalog so that they and the cluster's runs share one budget. A lease is renewed while
/// it is held and given back when disposed; one whose host died expires with its lease.
/// </summary>
public sealed partial class MemoryLeases(IGrainFactory grains, AdmissionBudget budget, ILogger<MemoryLeases> log)
{
    private IRunCatalogGrain Catalog => grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);

    /// <summary>This host's budget: the limit a comparison or a sweep point is held against.</summary>
    public AdmissionBudget Budget => budget;

    /// <summary>Asks for at least <paramref name="minBytes"/> and up to <paramref name="wantedBytes"/>; a lease when granted, else null and why.</summary>
    public async Task<(MemoryLease? Lease, MemoryGrant Grant)> TryReserveAsync(string holder, long minBytes, long wantedBytes)
    {
        var grant = await Catalog.Reserve(holder, minBytes, Math.Max(minBytes, wantedBytes), renew: false);
        return grant.Granted ? (new MemoryLease(this, holder, grant.Bytes, budget.Options.ReservationLease / 3), grant) : (null, grant);
    }

    internal Task RenewAsync(string holder, long bytes) => Catalog.Reserve(holder, bytes, bytes, renew: true);

    internal Task ReleaseAsync(string holder) => Catalog.Release(holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory lease {Holder}: {Action} failed ({Error}); the catalog lets it expire with its lease")]
    internal partial void LogLeaseFailed(string holder, string action, string error);

    internal void Failed(string holder, string action, Exception e) => LogLeaseFailed(holder, action, e.GetType().Name);
}

/// <summary>Memory held for one comparison or sweep; renewed in the background until disposed, then given back.</summary>
public sealed class MemoryLease : IAsyncDisposable
{
    private readonly MemoryLeases _leases;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    internal MemoryLease(MemoryLeases leases, string holder, long bytes, TimeSpan renewEvery)
    {
        _leases = leases;
        Holder = holder;
        Bytes = bytes;
        _renewing = RenewAsync(renewEvery);
    }

    public string Holder { get; }

    public long Bytes { get; }

    private async Task RenewAsync(TimeSpan every)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await _leases.RenewAsync(Holder, Bytes);
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    // The next tick tries again; a lease not renewed in time expires and the memory counts free.
                    _leases.Failed(Holder, "renewal", e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        try
        {
            await _leases.ReleaseAsync(Holder);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            _leases.Failed(Holder, "release", e);
        }
    }
}
