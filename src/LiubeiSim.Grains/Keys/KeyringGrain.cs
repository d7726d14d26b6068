using Microsoft.Extensions.Logging;

namespace LiubeiSim.Grains.Keys;

/// <summary>The cluster's API keys (see <see cref="IKeyringGrain"/>), kept in grain storage as names, roles, times and hashes.</summary>
/// <remarks>A handful of keys and a read every few seconds per host: one grain for the cluster is no bottleneck.</remarks>
// The grain type is part of the stored state's key: pinned, so a rename of the class keeps the keys.
[GrainType("keyring")]
public sealed partial class KeyringGrain(
    [PersistentState("keyring")] IPersistentState<KeyringState> keyring,
    TimeProvider time,
    ILogger<KeyringGrain> log) : Grain, IKeyringGrain
{
    private List<StoredApiKey> Keys => keyring.State.Keys;

    public async Task<KeyringChange> Add(NewApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ApiKeyNames.Problem(key.Name) is { } problem)
        {
            throw new ArgumentException($"Key name '{key.Name}': {problem}.", nameof(key));
        }

        if (key.Hash is not { Length: 32 })
        {
            throw new ArgumentException("A key's hash is its 32-byte SHA-256.", nameof(key));
        }

        if (Find(key.Name) is { } taken)
        {
            return new KeyringChange { Outcome = KeyringOutcome.NameTaken, Key = taken.Info };
        }

        // One key text, one holder: the same key under a second name would make its owner ambiguous, and would bring a
        // revoked key back to life.
        if (Keys.Exists(k => k.Hash.AsSpan().SequenceEqual(key.Hash)))
        {
            throw new ArgumentException("This key is already recorded (perhaps revoked) under another name; make a new one with `liubeisim keys generate`.", nameof(key));
        }

        var stored = new StoredApiKey { Name = key.Name, Role = key.Role, Hash = [.. key.Hash], CreatedAt = time.GetUtcNow() };
        Keys.Add(stored);
        try
        {
            await keyring.WriteStateAsync();
        }
        catch
        {
            // Memory must not claim what storage refused: the caller is told it failed, so the key must not work.
            Keys.Remove(stored);
            throw;
        }

        LogAdded(stored.Name, ApiKeyNames.Of(stored.Role));
        return new KeyringChange { Outcome = KeyringOutcome.Done, Key = stored.Info };
    }

    public async Task<KeyringChange> Revoke(string name)
    {
        if (Find(name) is not { } key)
        {
            return new KeyringChange { Outcome = KeyringOutcome.NoSuchKey };
        }

        if (key.RevokedAt is not null)
        {
            return new KeyringChange { Outcome = KeyringOutcome.AlreadyRevoked, Key = key.Info };
        }

        key.RevokedAt = time.GetUtcNow();
        try
        {
            await keyring.WriteStateAsync();
        }
        catch
        {
            key.RevokedAt = null;
            throw;
        }

        LogRevoked(key.Name);
        return new KeyringChange { Outcome = KeyringOutcome.Done, Key = key.Info };
    }

    public Task<IReadOnlyList<ApiKeyInfo>> List() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. Keys.Select(k => k.Info)]);

    public Task<IReadOnlyList<ActiveApiKey>> Active() =>
        Task.FromResult<IReadOnlyList<ActiveApiKey>>([.. Keys.Where(k => k.RevokedAt is null).Select(k => new ActiveApiKey { Name = k.Name, Role = k.Role, Hash = k.Hash })]);

    private StoredApiKey? Find(string name) => Keys.Find(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Name} ({Role}) created")]
    private partial void LogAdded(string name, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Name} revoked")]
    private partial void LogRevoked(string name);
}

/// <summary>The keyring as kept in grain storage.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Keys.KeyringState")]
public sealed class KeyringState
{
    [Id(0)] public List<StoredApiKey> Keys { get; set; } = [];
}

/// <summary>One key as stored: the SHA-256 of its text, never the text.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Keys.StoredApiKey")]
public sealed class StoredApiKey
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ApiKeyRole Role { get; init; }
    [Id(2)] public required byte[] Hash { get; init; }
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public DateTimeOffset? RevokedAt { get; set; }

    public ApiKeyInfo Info => new() { Name = Name, Role = Role, CreatedAt = CreatedAt, RevokedAt = RevokedAt };
}
