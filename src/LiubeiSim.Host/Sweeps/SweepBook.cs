using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LiubeiSim.Host.Sweeps;

/// <summary>
/// The sweeps this host accepted, by id, and the root folder of their tables. Bounded: past
/// <see cref="SweepsSettings.Retained"/> the oldest finished sweeps are forgotten and their folders deleted; sweeps
/// still queued or running are never dropped.
/// </summary>
public sealed class SweepBook(SweepsSettings settings)
{
    private readonly ConcurrentDictionary<string, SweepRecord> _sweeps = new(StringComparer.Ordinal);

    /// <summary>Where this host's sweeps write: the configured folder, or one of this process's own under the temporary directory.</summary>
    public string Root { get; } = string.IsNullOrWhiteSpace(settings.Directory)
        ? Path.Combine(Path.GetTempPath(), "liubeisim-sweeps", $"{Environment.ProcessId}-{Guid.NewGuid():N}")
        : Path.GetFullPath(settings.Directory);

    /// <summary>True when <see cref="Root"/> is this process's own, to delete when the host stops.</summary>
    public bool OwnsRoot { get; } = string.IsNullOrWhiteSpace(settings.Directory);

    public string DirectoryFor(string id) => Path.Combine(Root, id);

    public void Add(SweepRecord sweep)
    {
        _sweeps[sweep.Id] = sweep;
        var excess = _sweeps.Count - Math.Max(1, settings.Retained);
        if (excess <= 0)
        {
            return;
        }

        foreach (var old in _sweeps.Values.Where(s => s.IsFinished).OrderBy(s => s.CreatedAt).Take(excess).ToList())
        {
            Remove(old.Id);
        }
    }

    public void Remove(string id)
    {
        if (_sweeps.TryRemove(id, out var sweep))
        {
            DeleteDirectory(sweep.Directory);
        }
    }

    public SweepRecord? Find(string id) => _sweeps.TryGetValue(id, out var sweep) ? sweep : null;

    public static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open (a download in progress): the folder is left for the temporary directory's cleaner.
        }
    }
}

/// <summary>Sweeps accepted and waiting, first come first served; bounded so a flood of POSTs is refused, not buffered.</summary>
public sealed class SweepQueue(SweepsSettings settings)
{
    private readonly Channel<SweepRecord> _channel = Channel.CreateBounded<SweepRecord>(new BoundedChannelOptions(Math.Max(1, settings.MaxQueued))
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public bool TryEnqueue(SweepRecord sweep) => _channel.Writer.TryWrite(sweep);

    public IAsyncEnumerable<SweepRecord> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
