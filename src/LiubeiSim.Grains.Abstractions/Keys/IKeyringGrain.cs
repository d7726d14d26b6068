namespace LiubeiSim.Grains.Keys;

/// <summary>
/// The cluster's API keys: one activation for the cluster (key <see cref="Key"/>), its state in the cluster's durable
/// grain storage (the data directory's SQLite file for a lone <c>serve</c>, Redis in a cluster). It never sees a key:
/// callers send only the SHA-256 hash of one (<see cref="ApiKeyText.Hash"/>), and nothing it answers gives a hash back
/// except <see cref="Active"/>, which the hosts' authentication reads.
/// </summary>
[Alias("LiubeiSim.Grains.Keys.IKeyringGrain")]
public interface IKeyringGrain : IGrainWithStringKey
{
    public const string Key = "keys";

    /// <summary>Records a new key; refused when its name is taken, even by a revoked key (names are never reused, so a run's owner stays one holder).</summary>
    /// <exception cref="ArgumentException">The name is not one <see cref="ApiKeyNames.Problem"/> accepts, or the hash is not 32 bytes.</exception>
    [Alias("Add")]
    Task<KeyringChange> Add(NewApiKey key);

    /// <summary>Revokes the key of that name (names compare ignoring case); the record stays, so the name stays taken.</summary>
    [Alias("Revoke")]
    Task<KeyringChange> Revoke(string name);

    /// <summary>Every key, revoked ones too, in order of creation: names, roles and times, never a hash.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<IReadOnlyList<ApiKeyInfo>> List();

    /// <summary>The keys that are not revoked, with their hashes: what a host authenticates requests against.</summary>
    [ReadOnly]
    [Alias("Active")]
    Task<IReadOnlyList<ActiveApiKey>> Active();
}

/// <summary>What a key allows. Each role includes the ones before it. Values are appended, never renumbered: they are stored.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Keys.ApiKeyRole")]
public enum ApiKeyRole
{
    /// <summary>Reads runs, comparisons, sweeps, their files and the built-in scenarios.</summary>
    Viewer = 1,

    /// <summary>Also submits runs, comparisons and sweeps, and cancels its own.</summary>
    Planner = 2,

    /// <summary>Everything: cancels anyone's runs and sweeps, manages keys, sees the Orleans Dashboard.</summary>
    Admin = 3,
}

/// <summary>A key to record: its name, role and the SHA-256 hash of its text.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Keys.NewApiKey")]
public sealed record NewApiKey
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ApiKeyRole Role { get; init; }
    [Id(2)] public required byte[] Hash { get; init; }
}

/// <summary>A key as listed: never its text or hash.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Keys.ApiKeyInfo")]
public sealed record ApiKeyInfo
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ApiKeyRole Role { get; init; }
    [Id(2)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(3)] public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>A key that is not revoked, as a host authenticates against it.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Keys.ActiveApiKey")]
public sealed record ActiveApiKey
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ApiKeyRole Role { get; init; }
    [Id(2)] public required byte[] Hash { get; init; }
}

/// <summary>How an add or a revoke went. Values are appended, never renumbered.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Keys.KeyringOutcome")]
public enum KeyringOutcome
{
    Done = 0,

    /// <summary>Add: a key of that name exists (<see cref="KeyringChange.Key"/>), revoked or not.</summary>
    NameTaken = 1,

    /// <summary>Revoke: no key of that name.</summary>
    NoSuchKey = 2,

    /// <summary>Revoke: the key was revoked before (<see cref="KeyringChange.Key"/> says when).</summary>
    AlreadyRevoked = 3,
}

/// <summary>The outcome of an add or a revoke, with the key concerned as it now is (null for <see cref="KeyringOutcome.NoSuchKey"/>).</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Keys.KeyringChange")]
public sealed record KeyringChange
{
    [Id(0)] public required KeyringOutcome Outcome { get; init; }
    [Id(1)] public ApiKeyInfo? Key { get; init; }
}
