using System.Collections.Concurrent;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// Runs cancelled, as known in this process. Grain turns of a month are queued on the thread pool all at once, so a
/// cancel that had to wait its turn would wait for the whole month; instead every entity and shard checks this set
/// before it steps and turns its queued work into a no-op. A silo learns of a cancel from the run grain (and from the
/// engine itself when the silo is embedded); entries are kept an hour, ample for any turn queued before the cancel.
/// </summary>
public static class CancelledRuns
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);
    private static readonly ConcurrentDictionary<string, DateTime> Runs = new(StringComparer.Ordinal);

    public static void Cancel(string runId)
    {
        var now = DateTime.UtcNow;
        Runs[runId] = now;
        foreach (var (id, when) in Runs)
        {
            if (now - when > KeptFor)
            {
                Runs.TryRemove(id, out _);
            }
        }
    }

    public static bool IsCancelled(string runId) => !Runs.IsEmpty && Runs.ContainsKey(runId);

    /// <summary>Throws <see cref="OperationCanceledException"/> if the run was cancelled.</summary>
    public static void ThrowIfCancelled(string runId)
    {
        if (IsCancelled(runId))
        {
            throw new OperationCanceledException($"Run {runId} was cancelled.");
        }
    }
}
