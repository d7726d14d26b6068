using System.Globalization;

namespace LiubeiSim.Grains.Storage;

/// <summary>
/// The folder where a single-host silo keeps its durable state, held exclusively while the silo uses it: two processes
/// sharing one store would each believe they own every grain's state.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    /// <summary>Opened with <see cref="FileShare.None"/> for as long as the directory is held; the OS lock on that handle is the lock.</summary>
    public const string LockFileName = "liubeisim.lock";

    /// <summary>
    /// The holder's process id, for the message another process gets. Not inside the lock file: while it is held, no other
    /// process can open that file even to read it (an exclusive flock on Unix, a sharing violation on Windows).
    /// </summary>
    public const string PidFileName = "liubeisim.pid";

    private const string Remedy = "give another with --data DIR (the setting Orleans:Data)";

    private readonly FileStream _lock;

    private DataDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// LiubeiSim's folder under the user's local application data: <c>~/.local/share/liubeisim</c> on Linux
    /// (<c>$XDG_DATA_HOME/liubeisim</c> when that is set), <c>%LOCALAPPDATA%\liubeisim</c> on Windows.
    /// </summary>
    /// <exception cref="DataDirectoryException">The user has no such folder (no home directory).</exception>
    public static string DefaultPath()
    {
        // DoNotVerify: the folder may not exist yet on a fresh account; it is created when the directory is locked.
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new DataDirectoryException(
                "there is no default data directory: this account has no local application data folder (on Linux neither HOME " +
                "nor XDG_DATA_HOME is set); give one with --data DIR (the setting Orleans:Data)");
        }

        return System.IO.Path.Combine(root, "liubeisim");
    }

    /// <summary>The full path of <paramref name="configured"/>, or <see cref="DefaultPath"/> when it is empty.</summary>
    public static string Resolve(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? DefaultPath() : System.IO.Path.GetFullPath(configured);

    /// <summary>Creates <paramref name="path"/> if needed and holds it until disposed.</summary>
    /// <exception cref="DataDirectoryException">
    /// Another process holds the directory, or it cannot be created or written; the message names the directory and the remedy.
    /// </exception>
    public static DataDirectory Lock(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataDirectoryException($"the data directory {full} cannot be created ({e.Message}); create it writable for this user, or {Remedy}", e);
        }

        FileStream lockFile;
        try
        {
            // The handle, not the file, excludes others: the OS drops the lock when its process dies, so a lock file left
            // behind by a killed process blocks nobody.
            lockFile = new FileStream(System.IO.Path.Combine(full, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new DataDirectoryException($"the data directory {full} is in use by another LiubeiSim process ({Holder(full)}); {Remedy}", e) { InUse = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(full, e);
        }

        try
        {
            File.WriteAllText(System.IO.Path.Combine(full, PidFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lockFile.Dispose();
            throw NotWritable(full, e);
        }

        return new DataDirectory(full, lockFile);
    }

    /// <summary>
    /// Releases the directory. The lock and pid files stay: deleting the lock file after closing it could remove the file a
    /// new holder has just locked, and a stale pid file is only read while someone holds the lock, who has rewritten it.
    /// </summary>
    public void Dispose() => _lock.Dispose();

    private static DataDirectoryException NotWritable(string directory, Exception e) =>
        new($"the data directory {directory} is not writable ({e.Message}); give this user write access to it, or {Remedy}", e);

    /// <summary>Whether opening failed because another handle holds the file (EWOULDBLOCK from flock on Unix, a sharing or lock violation on Windows).</summary>
    private static bool IsSharingViolation(IOException e)
    {
        if (OperatingSystem.IsWindows())
        {
            return (e.HResult & 0xFFFF) is 32 or 33;
        }

        // .NET reports the raw errno: EWOULDBLOCK is 11 on Linux, 35 on macOS and the BSDs.
        return e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);
    }

    private static string Holder(string directory)
    {
        string text;
        try
        {
            text = File.ReadAllText(System.IO.Path.Combine(directory, PidFileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a detail of the message: the holder may be between taking the lock and writing its pid.
            return $"pid unknown: {e.Message}";
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? $"pid {pid}" : "pid unknown";
    }
}

/// <summary>A data directory that cannot be used; the message names it and what to do.</summary>
public sealed class DataDirectoryException : IOException
{
    /// <summary>Another process holds the directory (rather than it being unusable), so a command can say how to reach that process instead.</summary>
    public bool InUse { get; init; }

    public DataDirectoryException(string message)
        : base(message)
    {
    }

    public DataDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
