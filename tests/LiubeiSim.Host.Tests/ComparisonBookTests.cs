using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Host.Comparisons;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Tests;

/// <summary>The book of answered comparisons, filled by requests that finish at once.</summary>
public sealed class ComparisonBookTests
{
    [Fact]
    public async Task Comparisons_kept_at_once_by_many_requests_all_get_an_id_and_the_newest_are_retained()
    {
        const int Retained = 3;
        var cancel = TestContext.Current.CancellationToken;
        var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(2).WithSeed(1);
        var result = PairedComparison.Run(scenario, scenario, cancellationToken: cancel);
        var book = new ComparisonBook(new CompareSettings { Retained = Retained }, new TickingClock());

        // Every Add past the retained count trims the oldest while others add and trim. The trim read the dictionary's
        // count, then copied its entries: an Add between threw ArgumentException, a removal left an empty entry whose
        // null key TryRemove threw on (either a 500 from POST /api/compare).
        var threads = Math.Max(4, Environment.ProcessorCount * 2);
        using var start = new Barrier(threads);
        var adders = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(cancel);
                for (var i = 0; i < 20_000; i++)
                {
                    Assert.NotNull(book.Add(result));
                }
            },
            cancel,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(adders);

        // Afterwards the book still forgets the oldest first: of the next few, the newest it retains are there, the one before them is not.
        var next = Enumerable.Range(0, Retained + 1).Select(_ => book.Add(result)).ToList();
        Assert.Null(book.Find(next[0]));
        Assert.All(next.Skip(1), id => Assert.Same(result, book.Find(id)));
    }

    /// <summary>A clock a tick later at every reading, so "oldest" is never a tie.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private long _ticks = DateTimeOffset.UnixEpoch.Ticks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Increment(ref _ticks), TimeSpan.Zero);
    }
}
