using LiubeiSim.Model.Caching;

namespace LiubeiSim.Model.Tests.Caching;

public sealed class LruCacheTests
{
    [Fact]
    public void Keeps_the_most_recently_used_entries()
    {
        var builds = new List<int>();
        var cache = new LruCache<int, string>(capacity: 3);
        string Get(int key) => cache.GetOrAdd(key, k => { builds.Add(k); return $"v{k}"; });

        Get(1);
        Get(2);
        Get(3);
        var one = Get(1);
        Get(4);

        // 2 was the least recently used when 4 came: 1, 3 and 4 stay.
        Assert.Equal(3, cache.Count);
        Assert.Same(one, Get(1));
        Get(3);
        Get(4);
        Assert.Equal([1, 2, 3, 4], builds);
        Get(2);
        Assert.Equal([1, 2, 3, 4, 2], builds);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void Keeps_the_weights_within_the_limit_but_always_the_newest_entry()
    {
        var cache = new LruCache<int, int>(capacity: 10, maxWeight: 100, weigh: k => k);

        cache.GetOrAdd(40, k => k);
        cache.GetOrAdd(50, k => k);
        Assert.Equal(90, cache.Weight);
        cache.GetOrAdd(30, k => k);
        Assert.Equal(80, cache.Weight);
        Assert.Equal(2, cache.Count);

        cache.GetOrAdd(500, k => k);
        Assert.Equal(500, cache.Weight);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task Concurrent_misses_on_one_key_build_it_once()
    {
        var builds = 0;
        var cache = new LruCache<int, object>(capacity: 4);
        using var gate = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            gate.Wait(TestContext.Current.CancellationToken);
            return cache.GetOrAdd(7, _ =>
            {
                Interlocked.Increment(ref builds);
                Thread.Sleep(50);
                return new object();
            });
        })).ToList();

        gate.Set();
        var values = await Task.WhenAll(tasks);

        Assert.Equal(1, builds);
        Assert.All(values, v => Assert.Same(values[0], v));
    }

    [Fact]
    public void A_build_that_throws_is_not_kept()
    {
        var cache = new LruCache<int, string>(capacity: 4);

        Assert.Throws<InvalidOperationException>(() => cache.GetOrAdd(1, _ => throw new InvalidOperationException()));

        Assert.Equal(0, cache.Count);
        Assert.Equal("built", cache.GetOrAdd(1, _ => "built"));
    }
}
