namespace LiubeiSim.Host.Tests;

/// <summary>Files of the repository the tests check (deploy/), found from the test binaries upwards.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 12; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LiubeiSim.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LiubeiSim.sln above {AppContext.BaseDirectory}.");
    }
}
