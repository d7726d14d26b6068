using System.Reflection;
using LiubeiSim.Grains.Keys;
using LiubeiSim.Host.Identity;

namespace LiubeiSim.Host.Tests.Identity;

/// <summary>How long a host trusts its copy of the active keys: what bounds the time a revoked key keeps working.</summary>
public sealed class KeyringCacheTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_copy_is_used_while_fresh_asked_again_once_stale_and_at_once_after_a_change_here()
    {
        var keyring = new CountingKeyring();
        var clock = new ManualClock();
        var cache = new KeyringCache(new Keyring(GrainFactoryOf(keyring)), clock);
        var hash = ApiKeyText.Hash("k");
        keyring.Keys = [new ActiveApiKey { Name = "a", Role = ApiKeyRole.Viewer, Hash = hash }];

        Assert.NotNull((await cache.GetAsync(Cancel)).Find(hash));
        Assert.Equal(1, keyring.Questions);

        // Revoked elsewhere: the copy still has it until it is stale, and not a moment longer.
        keyring.Keys = [];
        clock.Advance(KeyringCache.Freshness - TimeSpan.FromMilliseconds(1));
        Assert.NotNull((await cache.GetAsync(Cancel)).Find(hash));
        Assert.Equal(1, keyring.Questions);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null((await cache.GetAsync(Cancel)).Find(hash));
        Assert.Equal(2, keyring.Questions);

        // A change made through this host is seen by the next request.
        keyring.Keys = [new ActiveApiKey { Name = "a", Role = ApiKeyRole.Viewer, Hash = hash }];
        cache.Invalidate();
        Assert.NotNull((await cache.GetAsync(Cancel)).Find(hash));
        Assert.Equal(3, keyring.Questions);
    }

    [Fact]
    public async Task Requests_that_find_the_copy_stale_together_share_one_question_and_its_failure()
    {
        var keyring = new CountingKeyring { Gate = new TaskCompletionSource() };
        var cache = new KeyringCache(new Keyring(GrainFactoryOf(keyring)), new ManualClock());
        var waiting = Enumerable.Range(0, 8).Select(_ => cache.GetAsync(Cancel)).ToList();
        keyring.Gate.SetException(new TimeoutException("no answer"));

        foreach (var request in waiting)
        {
            await Assert.ThrowsAsync<KeyringUnavailableException>(() => request);
        }

        Assert.Equal(1, keyring.Questions);
    }

    private static IGrainFactory GrainFactoryOf(IKeyringGrain keyring)
    {
        var factory = DispatchProxy.Create<IGrainFactory, GrainFactoryProxy>();
        ((GrainFactoryProxy)(object)factory).Keyring = keyring;
        return factory;
    }

    /// <summary>An <see cref="IGrainFactory"/> whose every grain is the one keyring; anything else it is asked is a test error.</summary>
    public class GrainFactoryProxy : DispatchProxy
    {
        public IKeyringGrain? Keyring { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IGrainFactory.GetGrain) ? Keyring : throw new NotSupportedException(targetMethod?.Name);
    }

    private sealed class CountingKeyring : IKeyringGrain
    {
        private int _questions;

        public IReadOnlyList<ActiveApiKey> Keys { get; set; } = [];

        /// <summary>When set, questions wait for it (and fail with its exception).</summary>
        public TaskCompletionSource? Gate { get; init; }

        public int Questions => _questions;

        public async Task<IReadOnlyList<ActiveApiKey>> Active()
        {
            Interlocked.Increment(ref _questions);
            if (Gate is not null)
            {
                await Gate.Task;
            }

            return Keys;
        }

        public Task<KeyringChange> Add(NewApiKey key) => throw new NotSupportedException();

        public Task<KeyringChange> Revoke(string name) => throw new NotSupportedException();

        public Task<IReadOnlyList<ApiKeyInfo>> List() => throw new NotSupportedException();
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
