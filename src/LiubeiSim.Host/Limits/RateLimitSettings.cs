namespace LiubeiSim.Host.Limits;

/// <summary>
/// The <c>RateLimits</c> section: how fast one client may send requests. A client is an API key when the request is
/// authenticated, otherwise its remote address (an IPv6 address by its /64, which one machine usually holds whole).
/// Each client has two token buckets: every request takes a token from the first, a request that changes something
/// (POST, PUT, PATCH, DELETE) one from the second as well. The health probes are never limited.
/// </summary>
/// <remarks>
/// The defaults are far above what a person, a script polling a run or the reference page needs, and far below what a
/// loop on one machine can send: they stop floods, not use. What a run may cost is admission's business, not this.
/// </remarks>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>False turns rate limiting off (a benchmark, a host behind a gateway that limits already).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per second one client may sustain.</summary>
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary>Requests one client may send at once after a quiet spell.</summary>
    public int RequestBurst { get; set; } = 200;

    /// <summary>Requests that change something (submit, validate, cancel) per second one client may sustain.</summary>
    public int WritesPerSecond { get; set; } = 10;

    /// <summary>Requests that change something one client may send at once after a quiet spell.</summary>
    public int WriteBurst { get; set; } = 50;

    /// <summary>Null when usable, otherwise why not, naming the setting.</summary>
    public string? Problem() =>
        RequestsPerSecond < 1 ? $"{Section}:RequestsPerSecond must be at least 1, got {RequestsPerSecond}"
        : RequestBurst < 1 ? $"{Section}:RequestBurst must be at least 1, got {RequestBurst}"
        : WritesPerSecond < 1 ? $"{Section}:WritesPerSecond must be at least 1, got {WritesPerSecond}"
        : WriteBurst < 1 ? $"{Section}:WriteBurst must be at least 1, got {WriteBurst}"
        : null;
}
