using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Examples.Tests;

/// <summary>Where the examples and the built tools are.</summary>
public static class Repository
{
    public static string Root => RepositoryRoot.Path;

    public static string Examples(params string[] parts) => Path.Combine([Root, "examples", .. parts]);

    /// <summary>The CLI built with the solution, copied next to these tests by the project reference.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "liubeisim.dll");

    /// <summary>The configuration these tests were built in, so a project built from here reuses the solution's outputs.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif
}
