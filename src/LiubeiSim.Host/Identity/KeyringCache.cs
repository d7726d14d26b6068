using LiubeiSim.Grains.Keys;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// This host's copy of the cluster's active keys, asked of the keyring grain again once it is <see cref="Freshness"/>
/// old: so a request costs no grain call, and a key revoked anywhere (another host, <c>liubeisim keys revoke</c>) stops
/// working here within that time. A change made through this host's own API takes effect here at once.
/// </summary>
public sealed class KeyringCache(Keyring keyring, TimeProvider time)
{
    /// <summary>The longest a revoked key keeps working on a host that did not revoke it (plus one call to the keyring).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(KeyRevocation.WithinSeconds);

    /// <summary>A keyring that does not answer within this is unavailable: the request is answered 503, not held.</summary>
    public static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private volatile Snapshot? _current;
    private Task<KeyringView>? _refreshing;
    private long _generation;

    /// <summary>The active keys, at most <see cref="Freshness"/> old.</summary>
    /// <exception cref="KeyringUnavailableException">The keyring could not be asked (grain storage or its silo away).</exception>
    public Task<KeyringView> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_current) is { } view)
        {
            return Task.FromResult(view);
        }

        Task<KeyringView> refreshing;
        lock (_gate)
        {
            if (Fresh(_current) is { } other)
            {
                return Task.FromResult(other);
            }

            // One question at a time, shared: a burst of requests after the copy expired (or while the keyring is
            // away) waits for one answer, not for one after another.
            refreshing = _refreshing ??= RefreshAsync(_generation);
        }

        return refreshing.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets the copy: the next request asks the keyring (after a key was added or revoked through this host).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            // A question asked before the change must not store its answer as fresh.
            _generation++;
            _current = null;

            // Nor may requests after the change share an answer to a question asked before it.
            _refreshing = null;
        }
    }

    private async Task<KeyringView> RefreshAsync(long generation)
    {
        // Off the caller's lock: the question is asked after _refreshing is set.
        await Task.Yield();
        try
        {
            // Timed from before the question: the copy is never older than it claims.
            var asked = time.GetTimestamp();
            var fresh = new KeyringView(await keyring.ActiveAsync(CallLimit, CancellationToken.None));
            lock (_gate)
            {
                if (generation == _generation)
                {
                    _current = new Snapshot(fresh, asked);
                }
            }

            return fresh;
        }
        finally
        {
            lock (_gate)
            {
                // After an invalidation _refreshing is a newer question's (or none): only this question's own is cleared.
                if (generation == _generation)
                {
                    _refreshing = null;
                }
            }
        }
    }

    private KeyringView? Fresh(Snapshot? snapshot) =>
        snapshot is not null && time.GetElapsedTime(snapshot.AskedAt) < Freshness ? snapshot.View : null;

    private sealed record Snapshot(KeyringView View, long AskedAt);
}

/// <summary>The active keys by hash.</summary>
public sealed class KeyringView
{
    private readonly Dictionary<string, ActiveApiKey> _byHash;

    public KeyringView(IEnumerable<ActiveApiKey> keys) =>
        // The keyring refuses a key text twice; a store written before it did keeps the first holder rather than failing every request.
        _byHash = keys.DistinctBy(k => Convert.ToHexString(k.Hash)).ToDictionary(k => Convert.ToHexString(k.Hash), StringComparer.Ordinal);

    /// <summary>No active key: a host on loopback lets local callers in as its local admin.</summary>
    public bool IsEmpty => _byHash.Count == 0;

    /// <summary>
    /// The key whose hash this is, or null. A dictionary lookup, not a constant-time comparison: what is compared is a
    /// SHA-256 of the presented text, and learning how much of a hash matched tells nothing about a key that hashes to it.
    /// </summary>
    public ActiveApiKey? Find(byte[] hash) => _byHash.GetValueOrDefault(Convert.ToHexString(hash));
}

/// <summary>The keyring could not be asked; the message is safe to show a client.</summary>
public sealed class KeyringUnavailableException : Exception
{
    public KeyringUnavailableException()
    {
    }

    public KeyringUnavailableException(string message)
        : base(message)
    {
    }

    public KeyringUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
