using System.Collections.Concurrent;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// The runs this host accepted, by id. Bounded: past <see cref="RunsSettings.Retained"/> the oldest finished runs
/// are forgotten (a client that needs a run's files longer keeps them itself). Runs still queued or running are never dropped.
/// </summary>
public sealed class RunBook(RunsSettings settings)
{
    private readonly ConcurrentDictionary<string, RunRecord> _runs = new(StringComparer.Ordinal);

    public void Add(RunRecord run)
    {
        _runs[run.Id] = run;
        var excess = _runs.Count - Math.Max(1, settings.Retained);
        if (excess <= 0)
        {
            return;
        }

        foreach (var old in _runs.Values.Where(r => r.IsFinished).OrderBy(r => r.CreatedAt).Take(excess).ToList())
        {
            _runs.TryRemove(old.Id, out _);
        }
    }

    public void Remove(string id) => _runs.TryRemove(id, out _);

    public RunRecord? Find(string id) => _runs.TryGetValue(id, out var run) ? run : null;

    /// <summary>The newest runs first.</summary>
    public IReadOnlyList<RunRecord> Recent(int count) =>
        _runs.Values.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Take(count).ToList();
}
