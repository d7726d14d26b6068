using LiubeiSim.Host.Comparisons;

namespace LiubeiSim.Host.Tests;

/// <summary>The bounded stores of comparisons, sensitivity studies and comparison recipes, filled by requests at the same time.</summary>
public sealed class NewestKeptTests
{
    [Fact]
    public async Task Values_kept_at_the_same_time_by_many_requests_never_throw_and_the_newest_stay()
    {
        const int Retained = 3;
        var cancel = TestContext.Current.CancellationToken;
        var kept = new NewestKept<int>(new TickingClock(), Retained);

        // Every keep past the retained count forgets the oldest while others keep and forget. Sorting the dictionary read
        // its count, then copied its entries: a keep in between threw ArgumentException, a removal left an empty entry
        // whose null key TryRemove threw on (either a 500 from POST /api/compare).
        var threads = Math.Clamp(Environment.ProcessorCount * 2, 4, 16);
        using var start = new Barrier(threads);
        var keepers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(cancel);
                for (var i = 0; i < 20_000; i++)
                {
                    kept.Keep($"{t}/{i}", i);
                }
            },
            cancel,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(keepers);

        // Afterwards the oldest still goes first: of the next four, the first is forgotten and the last three are there.
        for (var i = 0; i <= Retained; i++)
        {
            kept.Keep($"next/{i}", 100 + i);
        }

        Assert.False(kept.TryFind("next/0", out _));
        for (var i = 1; i <= Retained; i++)
        {
            Assert.True(kept.TryFind($"next/{i}", out var value));
            Assert.Equal(100 + i, value);
        }
    }

    [Fact]
    public void Keeping_an_id_again_replaces_its_value_and_makes_it_the_newest()
    {
        var kept = new NewestKept<string>(new TickingClock(), 2);
        kept.Keep("a", "first");
        kept.Keep("b", "second");
        kept.Keep("a", "again");
        kept.Keep("c", "third");

        Assert.False(kept.TryFind("b", out _));
        Assert.True(kept.TryFind("a", out var a));
        Assert.Equal("again", a);
        Assert.True(kept.TryFind("c", out _));
    }

    /// <summary>A clock a tick later at every reading, so "oldest" is never a tie.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private long _ticks = DateTimeOffset.UnixEpoch.Ticks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Increment(ref _ticks), TimeSpan.Zero);
    }
}
