using LiubeiSim.Grains.Keys;
using LiubeiSim.Host.Runs;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// The host's hand on the cluster's keyring: each call bounded in time, a store that cannot be reached turned into
/// <see cref="KeyringUnavailableException"/>.
/// </summary>
public sealed class Keyring(IGrainFactory grains)
{
    /// <summary>As long as a run-store call may take: one grain call and one storage write.</summary>
    public static readonly TimeSpan CallLimit = RunStore.CallLimit;

    private IKeyringGrain Grain => grains.GetGrain<IKeyringGrain>(IKeyringGrain.Key);

    /// <summary>Records a key of this text (hashed here: the text never leaves this process).</summary>
    public Task<KeyringChange> AddAsync(string name, ApiKeyRole role, string key) =>
        CallAsync(() => Grain.Add(new NewApiKey { Name = name, Role = role, Hash = ApiKeyText.Hash(key) }), CallLimit, CancellationToken.None);

    public Task<KeyringChange> RevokeAsync(string name) => CallAsync(() => Grain.Revoke(name), CallLimit, CancellationToken.None);

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync() => CallAsync(Grain.List, CallLimit, CancellationToken.None);

    public Task<IReadOnlyList<ActiveApiKey>> ActiveAsync(TimeSpan limit, CancellationToken cancellationToken) => CallAsync(Grain.Active, limit, cancellationToken);

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new KeyringUnavailableException($"the key store did not answer within {limit.TotalSeconds:0} s", e);
        }
        catch (Exception e) when (RunStore.Unreachable(e) is not null)
        {
            // Only the type is named: Orleans' and the storage providers' messages carry grain ids and addresses.
            throw new KeyringUnavailableException($"the key store could not be reached ({e.GetType().Name})", e);
        }
    }
}
