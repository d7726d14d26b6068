using System.Text;

namespace LiubeiSim.Analysis;

/// <summary>
/// Where a command writes its files: checked before any simulation (so a typo costs nothing), written so that no file
/// looks complete unless it is (a temporary name, then a rename; the last file of the list marks the set complete).
/// </summary>
public static class OutputDirectory
{
    /// <summary>Creates the directory if needed and proves it writable; the message says what is wrong, or null.</summary>
    public static string? Check(string directory)
    {
        try
        {
            if (File.Exists(directory))
            {
                return $"{directory}: is a file, not a directory; choose a directory for the output";
            }

            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-test.{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"{directory}: cannot write there ({e.Message}); choose another directory with --out";
        }
    }

    /// <summary>Writes every file (paths relative to <paramref name="directory"/>) under temporary names, then renames them in order.</summary>
    public static void WriteAll(string directory, IReadOnlyList<(string Path, string Text)> files)
    {
        var temporary = new List<(string Temporary, string Final)>();
        try
        {
            foreach (var (relative, text) in files)
            {
                var final = Path.Combine(directory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                var path = Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.{Environment.ProcessId}.tmp");
                File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                temporary.Add((path, final));
            }

            foreach (var (path, final) in temporary)
            {
                File.Move(path, final, overwrite: true);
            }
        }
        finally
        {
            foreach (var (path, _) in temporary.Where(t => File.Exists(t.Temporary)))
            {
                File.Delete(path);
            }
        }
    }
}
