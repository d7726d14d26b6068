using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace LiubeiSim.Host.Comparisons;

/// <summary>
/// Values by id, at most <c>retained</c> of them: keeping one more forgets the oldest kept. Requests keep values at the
/// same time, so keeping and forgetting are one step under a lock (sorting a concurrent dictionary reads its count, then
/// its entries, and another request in between made that throw: a 500); finding takes no lock.
/// </summary>
public sealed class NewestKept<TValue>(TimeProvider time, int retained)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, TValue Value)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _keeping = new();
    private readonly int _retained = Math.Max(1, retained);

    public void Keep(string id, TValue value)
    {
        lock (_keeping)
        {
            _entries[id] = (time.GetUtcNow(), value);
            var excess = _entries.Count - _retained;
            if (excess <= 0)
            {
                return;
            }

            foreach (var old in _entries.ToArray().OrderBy(e => e.Value.At).Take(excess))
            {
                _entries.TryRemove(old.Key, out _);
            }
        }
    }

    public bool TryFind(string id, [MaybeNullWhen(false)] out TValue value)
    {
        var found = _entries.TryGetValue(id, out var entry);
        value = entry.Value;
        return found;
    }
}
