namespace LiubeiSim.Model.Caching;

/// <summary>
/// A thread-safe cache of pure values that keeps the most recently used ones: at most <see cref="Capacity"/> entries
/// whose weights add up to at most <see cref="MaxWeight"/> (the newest entry is kept even if it alone weighs more).
/// </summary>
/// <remarks>
/// Not <c>MemoryCache</c>: that would bring the Microsoft.Extensions packages into the model library, and with a size
/// limit it turns new entries away while it compacts in the background rather than dropping the least recently used.
/// A value is built once per key, outside the lock (a slow build does not hold up hits on other keys), and a build
/// that throws is not kept.
/// </remarks>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries = [];

    // Most recently used first.
    private readonly LinkedList<Entry> _order = new();
    private readonly Func<TKey, long> _weigh;
    private long _weight;

    public LruCache(int capacity, long maxWeight = long.MaxValue, Func<TKey, long>? weigh = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWeight, 1);
        Capacity = capacity;
        MaxWeight = maxWeight;
        _weigh = weigh ?? (_ => 1);
    }

    public int Capacity { get; }

    public long MaxWeight { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public long Weight
    {
        get
        {
            lock (_gate)
            {
                return _weight;
            }
        }
    }

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> build)
    {
        Entry entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                entry = node.Value;
            }
            else
            {
                entry = new Entry(key, _weigh(key), new Lazy<TValue>(() => build(key), LazyThreadSafetyMode.ExecutionAndPublication));
                _entries.Add(key, _order.AddFirst(entry));
                _weight += entry.Weight;
                while (_entries.Count > Capacity || (_weight > MaxWeight && _entries.Count > 1))
                {
                    Remove(_order.Last!);
                }
            }
        }

        try
        {
            return entry.Value.Value;
        }
        catch
        {
            // Lazy would rethrow the same exception to every later caller; the next one builds afresh instead.
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var node) && ReferenceEquals(node.Value, entry))
                {
                    Remove(node);
                }
            }

            throw;
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Key);
        _weight -= node.Value.Weight;
    }

    private sealed record Entry(TKey Key, long Weight, Lazy<TValue> Value);
}
