using LiubeiSim.Grains.Keys;
using LiubeiSim.Grains.Storage;
using LiubeiSim.Host.Hosting;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// Decides, once the silo is up and before the web server listens, whether this host may start as configured: it
/// records <see cref="IdentitySettings.AdminKey"/> if one is given, then looks for active keys. With none, a host that
/// listens on loopback only starts open to its local user (<see cref="OpenAtStart"/>, which <c>serve</c> says out loud);
/// a host that listens beyond loopback refuses to start (<see cref="IdentityStartException"/>), since it would be open
/// to anyone who can reach it.
/// </summary>
/// <remarks>A hosted service registered after the silo's, so it starts after the silo and before Kestrel binds.</remarks>
public sealed partial class KeyRequirement(Keyring keyring, IConfiguration configuration, IOptions<IdentitySettings> settings, ILogger<KeyRequirement> log) : IHostedService
{
    /// <summary>There were no active keys when the host started, on loopback: anyone on this machine is the local admin until a key is created.</summary>
    public bool OpenAtStart { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.AdminKey is { Length: > 0 } given)
        {
            await RecordAdminKeyAsync(given, settings.Value.AdminKeyName);
        }

        var active = await keyring.ActiveAsync(Keyring.CallLimit, cancellationToken);
        if (active.Count > 0)
        {
            return;
        }

        var urls = ListenScope.ConfiguredUrls(configuration);
        if (!ListenScope.IsLoopbackOnly(urls))
        {
            throw new IdentityStartException(Refusal(urls, ClusterSettings.From(configuration)));
        }

        OpenAtStart = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The one line a host refused for want of keys says: what, why and the two ways out.</summary>
    internal static string Refusal(IReadOnlyList<string> urls, ClusterSettings cluster)
    {
        var create = cluster.UsesRedis
            ? "give an admin key in the setting Identity:AdminKey (environment Identity__AdminKey; `liubeisim keys generate` makes one)"
            : $"create an admin key first with `liubeisim keys create --name NAME --role admin --data {DataDirectory.Resolve(cluster.DataDirectory)}`, or give one in the setting Identity:AdminKey (`liubeisim keys generate` makes one)";
        return $"no API keys, and {string.Join(", ", urls)} is reachable beyond this machine, where anyone could do anything: {create}; or listen on loopback only (--urls http://127.0.0.1:PORT)";
    }

    private async Task RecordAdminKeyAsync(string key, string name)
    {
        if (ApiKeyText.Problem(key) is { } keyProblem)
        {
            throw new IdentityStartException($"Identity:AdminKey: {keyProblem}");
        }

        if (ApiKeyNames.Problem(name) is { } nameProblem)
        {
            throw new IdentityStartException($"Identity:AdminKeyName '{name}': {nameProblem}");
        }

        var change = await keyring.AddAsync(name, ApiKeyRole.Admin, key);
        if (change.Outcome == KeyringOutcome.Done)
        {
            LogAdminKeyRecorded(name);
        }
        else
        {
            // Every host of a cluster records it; the first one wins. A revoked one stays revoked.
            LogAdminKeyKnown(name, change.Key?.RevokedAt is null ? "active" : "revoked");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded the admin key of Identity:AdminKey as {Name}")]
    private partial void LogAdminKeyRecorded(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "A key named {Name} exists already ({State}); Identity:AdminKey was not recorded again")]
    private partial void LogAdminKeyKnown(string name, string state);
}

/// <summary>The host cannot start as its identity settings stand; the message is the one line to print.</summary>
public sealed class IdentityStartException : Exception
{
    public IdentityStartException()
    {
    }

    public IdentityStartException(string message)
        : base(message)
    {
    }

    public IdentityStartException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The refusal inside a failed start (the host may wrap its services' failures), or null.</summary>
    public static IdentityStartException? In(Exception failure)
    {
        var pending = new Queue<Exception>([failure]);
        for (var seen = 0; pending.Count > 0 && seen < 32; seen++)
        {
            switch (pending.Dequeue())
            {
                case IdentityStartException found:
                    return found;
                case AggregateException aggregate:
                    aggregate.InnerExceptions.ToList().ForEach(pending.Enqueue);
                    break;
                case { InnerException: { } inner }:
                    pending.Enqueue(inner);
                    break;
            }
        }

        return null;
    }
}
