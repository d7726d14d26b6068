using StackExchange.Redis;

namespace LiubeiSim.Host.Health;

/// <summary>
/// Whether the store the cluster shares (its Redis: membership and grain state) answers. Without Redis there is no
/// shared store and it is always available. <c>/readyz</c> asks it through <see cref="ClusterStoreReadinessCheck"/>;
/// an endpoint that should refuse new work while Redis is down asks <see cref="CheckAsync"/> (or reads
/// <see cref="IsAvailable"/> when a slightly stale answer will do) and answers 503 with <see cref="Problem"/>.
/// </summary>
/// <remarks>
/// It pings through the one <see cref="IConnectionMultiplexer"/> in DI, made with AbortOnConnectFail off so it keeps
/// reconnecting by itself: readiness comes back when Redis does, without a restart. Orleans' own clustering and
/// storage keep their connections; this one only watches.
/// </remarks>
public sealed class ClusterStoreHealth : IDisposable
{
    /// <summary>How long a PING may take before Redis counts as unavailable; short, so that /readyz answers within about a second.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromMilliseconds(750);

    private readonly IConnectionMultiplexer? _redis;
    private readonly string _name;
    private readonly TimeProvider _time;
    private volatile Observation _last;

    /// <summary>No shared store: a single silo whose state lives in its own process.</summary>
    public ClusterStoreHealth(TimeProvider time)
    {
        _name = "no shared store";
        _time = time;
        _last = new Observation(true, null, time.GetUtcNow());
    }

    public ClusterStoreHealth(IConnectionMultiplexer redis, TimeProvider time)
    {
        _redis = redis;
        _name = $"Redis at {string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()))}";
        _time = time;
        _last = redis.IsConnected
            ? new Observation(true, null, time.GetUtcNow())
            : new Observation(false, $"{_name} is not connected.", time.GetUtcNow());

        // Between checks the connection's own events keep the state current: a dropped connection is news at once.
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>True when the cluster uses a shared store (Redis) that can be unavailable.</summary>
    public bool UsesSharedStore => _redis is not null;

    /// <summary>The last known state: from the latest <see cref="CheckAsync"/> or connection event, whichever was later.</summary>
    public bool IsAvailable => _last.IsAvailable;

    /// <summary>Why the store is unavailable (names the Redis and what failed), or null while it is available.</summary>
    public string? Problem => _last.Problem;

    /// <summary>When <see cref="IsAvailable"/> was last established.</summary>
    public DateTimeOffset ObservedAt => _last.At;

    /// <summary>
    /// Pings the store now, within <see cref="PingTimeout"/>, and returns (and records) whether it answered. Without a
    /// shared store: true at once.
    /// </summary>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (_redis is null)
        {
            return true;
        }

        if (!_redis.IsConnected)
        {
            // Commands would queue until the connection returns; say so now instead of waiting for the timeout.
            return Record(false, $"{_name} is not connected.");
        }

        var ping = _redis.GetDatabase().PingAsync();
        try
        {
            await ping.WaitAsync(PingTimeout, _time, cancellationToken);
            return Record(true, null);
        }
        catch (TimeoutException)
        {
            Observe(ping);
            return Record(false, $"{_name} did not answer PING within {PingTimeout.TotalMilliseconds:0} ms.");
        }
        catch (OperationCanceledException)
        {
            Observe(ping);
            throw;
        }
        catch (RedisException e)
        {
            return Record(false, $"{_name}: {e.Message}");
        }
    }

    public void Dispose()
    {
        if (_redis is not null)
        {
            _redis.ConnectionFailed -= OnConnectionFailed;
            _redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    // A ping given up on may still fail later; its outcome is already reported as the timeout, so only observe it.
    private static void Observe(Task ping) =>
        ping.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        Record(false, $"{_name}: connection to {e.EndPoint} failed ({e.FailureType}).");

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (_redis is { IsConnected: true })
        {
            Record(true, null);
        }
    }

    private bool Record(bool available, string? problem)
    {
        _last = new Observation(available, problem, _time.GetUtcNow());
        return available;
    }

    private sealed record Observation(bool IsAvailable, string? Problem, DateTimeOffset At);
}
