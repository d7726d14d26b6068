namespace LiubeiSim.Analysis.Reporting;

/// <summary>
/// A run directory the report cannot read: a file missing, a row malformed, a field absent or of the wrong kind. The
/// message says where as <c>FILE:LINE: field: problem</c>, so the user can open the file at the spot. An
/// <see cref="IOException"/>, so a caller that handles unreadable files handles these too.
/// </summary>
public sealed class RunDirectoryException : IOException
{
    public RunDirectoryException(string filePath, int? line, string? field, string problem, Exception? innerException = null)
        : base(Describe(filePath, line, field, problem), innerException)
    {
        FilePath = filePath;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file at fault (the one missing, or the one holding the bad row).</summary>
    public string FilePath { get; }

    /// <summary>1-based line of the bad row or value, when the file has lines to speak of.</summary>
    public int? Line { get; }

    /// <summary>The column or JSON path at fault (<c>p50</c>, <c>horizon.start</c>), when one is.</summary>
    public string? Field { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Describe(string filePath, int? line, string? field, string problem)
    {
        var where = line is { } l ? $"{filePath}:{l}" : filePath;
        return field is null ? $"{where}: {problem}" : $"{where}: {field}: {problem}";
    }
}
