using System.Collections.Concurrent;
using LiubeiSim.Analysis.Comparison;

namespace LiubeiSim.Host.Comparisons;

/// <summary>
/// Comparisons this host answered, by id, so their files and fan charts can be fetched after the POST. Bounded:
/// past <see cref="CompareSettings.Retained"/> the oldest are forgotten (each holds both sides' monthly statistics).
/// </summary>
public sealed class ComparisonBook(CompareSettings settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, ComparisonResult Result)> _comparisons = new(StringComparer.Ordinal);

    // Requests finish at once: adding and trimming is one step, so two never trim the same excess (nor read the
    // dictionary's count, then its entries, while another adds or removes between: LINQ over it is not a snapshot).
    private readonly Lock _adding = new();

    public string Add(ComparisonResult result)
    {
        var id = Guid.NewGuid().ToString("N");
        lock (_adding)
        {
            _comparisons[id] = (time.GetUtcNow(), result);
            var excess = _comparisons.Count - Math.Max(1, settings.Retained);
            foreach (var old in _comparisons.ToArray().OrderBy(c => c.Value.At).Take(Math.Max(0, excess)))
            {
                _comparisons.TryRemove(old.Key, out _);
            }
        }

        return id;
    }

    public ComparisonResult? Find(string id) => _comparisons.TryGetValue(id, out var entry) ? entry.Result : null;
}

/// <summary>Slots for comparisons computed at once (<see cref="CompareSettings.MaxConcurrent"/>); a request finding none is refused, not queued.</summary>
public sealed class ComparisonSlots(CompareSettings settings) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, settings.MaxConcurrent));

    public bool TryEnter() => _slots.Wait(0);

    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
