namespace LiubeiSim.Cli.Hosting;

/// <summary>Checks that a command can write its output directory before it simulates anything.</summary>
public static class OutputDirectory
{
    /// <summary>Creates the directory if needed and writes and deletes a probe file in it; the reason when it cannot.</summary>
    public static string? Prepare(string directory)
    {
        var probe = Path.Combine(directory, $".liubeisim-write-test-{Environment.ProcessId}");
        try
        {
            if (File.Exists(directory))
            {
                return $"{directory}: is a file, not a directory; choose a directory with --out";
            }

            Directory.CreateDirectory(directory);
            File.WriteAllText(probe, "probe");
            File.Delete(probe);
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            return $"{directory}: not allowed to write there ({e.Message}); choose another directory with --out";
        }
        catch (IOException e)
        {
            return $"{directory}: cannot write there ({e.Message}); choose another directory with --out";
        }
    }
}
