using System.Globalization;
using System.Text;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Analysis.Tables;

/// <summary>
/// Writes the tidy tables of a sweep of <see cref="PointCount"/> points (numbered 0 to PointCount - 1) into a
/// directory, a point at a time as each finishes, in whatever order the points finish. The tables' files are complete
/// only after <see cref="CompleteAsync"/>, and their bytes depend only on the points' results, not on the order the
/// points arrived in nor on how often the sweep was stopped and resumed: a sweep that stops resumes with a new writer
/// on the directory, skipping the points that <see cref="IsPointDone"/> reports.
/// <para>
/// Layout of <see cref="Directory"/> (<c>EXT</c> is <c>parquet</c> or <c>csv</c>):
/// <code>
/// parts/layout.txt                   format, point count and factors; a resumed writer must match it
/// parts/point-000042.points.EXT      a finished point's rows of each table; the points part is renamed into
/// parts/point-000042.indicators.EXT  place last, so it marks the point done (<see cref="IsPointDone"/>)
/// parts/point-000042.targets.EXT
/// points.EXT, indicators.EXT, targets.EXT   written by CompleteAsync, in point order; parts/ is then removed
/// </code>
/// Every file is written under a <c>.tmp</c> name and renamed into place, so a process killed at any moment leaves
/// either a whole file or a <c>.tmp</c> that the next writer on the directory deletes.
/// </para>
/// <para>
/// Points may be appended concurrently (each has its own files); <see cref="CompleteAsync"/> must come after the
/// last append. One writer at a time per directory.
/// </para>
/// </summary>
public abstract class TidyTableWriter
{
    public const string PartsDirectoryName = "parts";
    public const string LayoutFileName = "layout.txt";
    private const string TempSuffix = ".tmp";

    private readonly Lock _gate = new();
    private readonly HashSet<int> _done = [];
    private readonly HashSet<int> _writing = [];
    private bool _completing;

    /// <summary>Opens the directory: checks or records the layout, removes what a killed writer left half-written and learns which points are done.</summary>
    /// <param name="extension">File extension of the tables and parts, without the dot.</param>
    protected TidyTableWriter(string directory, IReadOnlyList<string> factors, int pointCount, string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointCount, 1);
        Directory = Path.GetFullPath(directory);
        Factors = factors.ToArray();
        PointCount = pointCount;
        Extension = extension;

        // Fails early on a factor named like a fixed column, or twice.
        _ = TidyTables.PointsSchema(Factors);
        Open();
    }

    /// <summary>A writer of the format on the directory, resuming the parts already there.</summary>
    public static TidyTableWriter Open(TidyTableFormat format, string directory, IReadOnlyList<string> factors, int pointCount) => format switch
    {
        TidyTableFormat.Parquet => new ParquetTidyTableWriter(directory, factors, pointCount),
        TidyTableFormat.Csv => new CsvTidyTableWriter(directory, factors, pointCount),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public string Directory { get; }

    public string PartsDirectory => Path.Combine(Directory, PartsDirectoryName);

    /// <summary>The factor columns of the points table, in order.</summary>
    public IReadOnlyList<string> Factors { get; }

    public int PointCount { get; }

    /// <summary>File extension of the tables and parts, without the dot.</summary>
    public string Extension { get; }

    /// <summary>Path of a finished table, e.g. <c>indicators.parquet</c>.</summary>
    public string TablePath(string table) => Path.Combine(Directory, $"{table}.{Extension}");

    /// <summary>Path of a point's part of a table, e.g. <c>parts/point-000042.indicators.parquet</c>.</summary>
    public string PartPath(int point, string table) =>
        Path.Combine(PartsDirectory, string.Create(CultureInfo.InvariantCulture, $"point-{point:D6}.{table}.{Extension}"));

    /// <summary>Whether the point's parts are all in place, by this writer or an earlier one on the directory.</summary>
    public bool IsPointDone(int point)
    {
        lock (_gate)
        {
            return _done.Contains(point);
        }
    }

    public int PointsDone
    {
        get
        {
            lock (_gate)
            {
                return _done.Count;
            }
        }
    }

    private void Open()
    {
        if (System.IO.Directory.Exists(PartsDirectory + TempSuffix))
        {
            System.IO.Directory.Delete(PartsDirectory + TempSuffix, recursive: true);
        }

        System.IO.Directory.CreateDirectory(PartsDirectory);
        foreach (var temp in System.IO.Directory.EnumerateFiles(PartsDirectory, "*" + TempSuffix))
        {
            File.Delete(temp);
        }

        foreach (var table in TidyTables.Names)
        {
            var temp = TablePath(table) + TempSuffix;
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        var layout = Layout();
        var layoutPath = Path.Combine(PartsDirectory, LayoutFileName);
        if (File.Exists(layoutPath))
        {
            var existing = File.ReadAllText(layoutPath, Encoding.UTF8);
            if (!string.Equals(existing, layout, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{PartsDirectory} holds parts of another sweep; its {LayoutFileName} says{Environment.NewLine}{existing}but this writer is{Environment.NewLine}{layout}");
            }
        }
        else
        {
            Commit(layoutPath, temp => File.WriteAllText(temp, layout, new UTF8Encoding(false)));
        }

        lock (_gate)
        {
            for (var point = 0; point < PointCount; point++)
            {
                if (File.Exists(PartPath(point, TidyTables.Points)))
                {
                    _done.Add(point);
                }
            }
        }
    }

    /// <summary>
    /// Writes a finished point's rows as its parts. <paramref name="factorValues"/> holds a value for every factor
    /// and nothing else.
    /// </summary>
    public async Task AppendPointAsync(int point, IReadOnlyDictionary<string, double> factorValues, RunResult result, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(point);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(point, PointCount);
        lock (_gate)
        {
            if (_completing)
            {
                throw new InvalidOperationException("The tables are complete, or being completed; no point can be added.");
            }

            if (_done.Contains(point) || !_writing.Add(point))
            {
                throw new InvalidOperationException($"Point {point} is already written; a resumed sweep skips the points that IsPointDone reports.");
            }
        }

        try
        {
            // All rows first, so a bad factor value writes no part.
            var rows = TidyTables.Names.Select(table => (table, TidyTables.Rows(table, point, Factors, factorValues, result))).ToArray();

            // The points part goes last: its presence is what says the point is done.
            for (var i = rows.Length - 1; i >= 0; i--)
            {
                var (table, batch) = rows[i];
                await CommitAsync(PartPath(point, table), temp => WritePartAsync(batch, temp, cancellationToken)).ConfigureAwait(false);
            }

            lock (_gate)
            {
                _done.Add(point);
            }
        }
        finally
        {
            lock (_gate)
            {
                _writing.Remove(point);
            }
        }
    }

    /// <summary>
    /// Writes the three tables from the parts, in point order, then removes the parts. Throws, writing nothing, while
    /// any point is missing.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_completing)
            {
                throw new InvalidOperationException("The tables are already complete, or being completed.");
            }

            if (_writing.Count > 0)
            {
                throw new InvalidOperationException($"Points {string.Join(", ", _writing.Order())} are still being written.");
            }

            var missing = Enumerable.Range(0, PointCount).Where(p => !_done.Contains(p)).ToArray();
            if (missing.Length > 0)
            {
                var shown = string.Join(", ", missing.Take(10)) + (missing.Length > 10 ? ", ..." : string.Empty);
                throw new InvalidOperationException($"{missing.Length} of {PointCount} points are not written yet: {shown}.");
            }

            _completing = true;
        }

        try
        {
            foreach (var table in TidyTables.Names)
            {
                var schema = TidyTables.Schema(table, Factors);
                var parts = Enumerable.Range(0, PointCount).Select(p => PartPath(p, table)).ToArray();
                await CommitAsync(TablePath(table), temp => AssembleAsync(schema, parts, temp, cancellationToken)).ConfigureAwait(false);
            }
        }
        catch
        {
            lock (_gate)
            {
                _completing = false;
            }

            throw;
        }

        // Only once every table is in place, so a writer killed before this completes again from the parts; and by a
        // rename first, so a kill while deleting leaves no half set of parts that would look like an unfinished sweep.
        var discarded = PartsDirectory + TempSuffix;
        System.IO.Directory.Move(PartsDirectory, discarded);
        System.IO.Directory.Delete(discarded, recursive: true);
    }

    /// <summary>Writes one point's rows of a table as a part file.</summary>
    protected abstract Task WritePartAsync(TidyBatch rows, string path, CancellationToken cancellationToken);

    /// <summary>Writes a table from its parts, in the order given, with bounded memory.</summary>
    protected abstract Task AssembleAsync(TidyTableSchema schema, IReadOnlyList<string> parts, string path, CancellationToken cancellationToken);

    /// <summary>Opens a file to write, to be flushed to disk before its rename.</summary>
    protected static FileStream CreateFile(string path) => new(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);

    private string Layout()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"format {Extension}\n");
        text.Append(CultureInfo.InvariantCulture, $"points {PointCount}\n");
        foreach (var factor in Factors)
        {
            text.Append(CultureInfo.InvariantCulture, $"factor {factor}\n");
        }

        return text.ToString();
    }

    private static void Commit(string path, Action<string> write)
    {
        var temp = path + TempSuffix;
        write(temp);
        File.Move(temp, path, overwrite: true);
    }

    private static async Task CommitAsync(string path, Func<string, Task> write)
    {
        var temp = path + TempSuffix;
        try
        {
            await write(temp).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        File.Move(temp, path, overwrite: true);
    }
}
