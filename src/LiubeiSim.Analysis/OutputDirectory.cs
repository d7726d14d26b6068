using System.Text;

namespace LiubeiSim.Analysis;

/// <summary>
/// Where a command writes its files: checked before any simulation (so a typo costs nothing), written so that no file
/// looks complete unless it is (a temporary name, then a rename; the last file of the list marks the set complete).
/// </summary>
public static class OutputDirectory
{
    /// <summary>
    /// Proves the directory can be written, without creating it (a run that is cancelled or fails leaves no empty
    /// directory behind): an existing one by writing a probe file in it, a new one by its nearest existing parent.
    /// The message says what is wrong, or null.
    /// </summary>
    public static string? Check(string directory)
    {
        try
        {
            if (File.Exists(directory))
            {
                return $"{directory}: is a file, not a directory; choose a directory for the output";
            }

            var existing = Path.GetFullPath(directory);
            for (var depth = 0; depth < 256 && !Directory.Exists(existing); depth++)
            {
                if (File.Exists(existing))
                {
                    return $"{directory}: {existing} is a file, so the directory cannot be made there; choose another --out";
                }

                existing = Path.GetDirectoryName(existing) ?? throw new IOException("no existing parent directory");
            }

            var probe = Path.Combine(existing, $".write-test.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
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
