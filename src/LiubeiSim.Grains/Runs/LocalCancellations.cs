using System.Collections.Concurrent;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// Runs cancelled, as known on this silo: one per silo, from dependency injection, bounded in count and age.
/// Cancellation crosses silos as Orleans' CancellationToken on every shard and entity call; this is the fast path on the
/// silo itself. A month's entity turns are queued on the thread pool all at once, and a cancel message has to wait for
/// a thread like any of them, so an embedded silo's caller marks the run here directly (no thread needed) and every
/// queued turn of the run becomes a no-op at once.
/// </summary>
public sealed class LocalCancellations
{
    /// <summary>Ample for any turn queued before the cancel; entries older are dropped.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);

    /// <summary>The most runs remembered; the oldest go first beyond it, so a long-lived silo holds a bounded set.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, DateTime> _runs = new(StringComparer.Ordinal);

    public int Count => _runs.Count;

    public void Cancel(string runId)
    {
        var now = DateTime.UtcNow;
        _runs[runId] = now;
        if (_runs.Count <= Capacity && _runs.Count % 64 != 0)
        {
            return;
        }

        foreach (var (id, when) in _runs.OrderBy(r => r.Value).ToList())
        {
            if (_runs.Count > Capacity || now - when > KeptFor)
            {
                _runs.TryRemove(id, out _);
            }
        }
    }

    public bool IsCancelled(string runId) => !_runs.IsEmpty && _runs.ContainsKey(runId);

    /// <summary>Throws <see cref="OperationCanceledException"/> when the run was cancelled on this silo: a queued turn then does nothing.</summary>
    public void ThrowIfCancelled(string runId)
    {
        if (IsCancelled(runId))
        {
            throw new OperationCanceledException($"Run {runId} was cancelled.");
        }
    }
}
