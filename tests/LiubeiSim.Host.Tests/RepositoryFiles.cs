using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Host.Tests;

/// <summary>Files of the repository the tests check (deploy/), found from the test binaries upwards.</summary>
public static class RepositoryFiles
{
    public static string Root => RepositoryRoot.Path;

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);
}
