using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace LiubeiSim.Host.Workbench;

/// <summary>
/// Scenario text handed from one workbench page to another (the editor to a comparison, say) by a short id in the
/// address, so a long YAML never travels in a URL. Kept in this host's memory for an hour, per owner (another key's
/// id finds nothing), at most <see cref="PerOwner"/> each: a hand-off, not storage (saved scenarios are for that).
/// </summary>
public sealed class ScenarioDrafts(TimeProvider time)
{
    public const int PerOwner = 20;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Draft> _drafts = new(StringComparer.Ordinal);

    /// <summary>Keeps the text for its owner and returns its id.</summary>
    public string Put(string owner, string yaml)
    {
        var now = time.GetUtcNow();
        foreach (var (id, draft) in _drafts)
        {
            if (now - draft.At > Lifetime)
            {
                _drafts.TryRemove(id, out _);
            }
        }

        // The owner's oldest go first once they hold the most allowed.
        foreach (var old in _drafts.Where(d => d.Value.Owner == owner).OrderByDescending(d => d.Value.At).Skip(PerOwner - 1).ToList())
        {
            _drafts.TryRemove(old.Key, out _);
        }

        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        _drafts[key] = new Draft(owner, yaml, now);
        return key;
    }

    /// <summary>The owner's text under that id, or null: unknown, another owner's, or older than an hour.</summary>
    public string? Get(string owner, string id) =>
        _drafts.TryGetValue(id, out var draft) && draft.Owner == owner && time.GetUtcNow() - draft.At <= Lifetime ? draft.Yaml : null;

    private sealed record Draft(string Owner, string Yaml, DateTimeOffset At);
}
