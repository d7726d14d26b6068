namespace LiubeiSim.Tests.Shared;

/// <summary>The repository the tests run in, found from the test binaries upwards (the folder holding LiubeiSim.sln).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 12; depth++, directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LiubeiSim.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LiubeiSim.sln above {AppContext.BaseDirectory}.");
    }
}
