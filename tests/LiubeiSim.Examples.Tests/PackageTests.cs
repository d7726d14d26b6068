using System.IO.Compression;
using System.Xml.Linq;

namespace LiubeiSim.Examples.Tests;

/// <summary>LiubeiSim.Model packs as a NuGet library with its README, and so does LiubeiSim.Aggregation, which it depends on.</summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-pack-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("LiubeiSim.Model", "LiubeiSim.Aggregation")]
    [InlineData("LiubeiSim.Aggregation", null)]
    public async Task The_library_packs_with_its_readme_and_its_dependencies(string project, string? dependsOn)
    {
        // --no-build: the assemblies the solution built in this configuration, packed as they are.
        var pack = await Tool.RunAsync(
            "dotnet",
            ["pack", Path.Combine(Repository.Root, "src", project), "--no-build", "-c", Repository.Configuration, "-o", _directory],
            TimeSpan.FromMinutes(5),
            Tool.DotnetBuildEnvironment);
        Assert.True(pack.ExitCode == 0, pack.ToString());

        var package = Assert.Single(Directory.GetFiles(_directory, $"{project}.*.nupkg"));
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{project}.dll", entries);

        using var nuspecStream = zip.GetEntry($"{project}.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal(project, metadata.Element(ns + "id")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        if (dependsOn is not null)
        {
            Assert.Contains(dependsOn, dependencies);
        }

        using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
        Assert.Contains($"# {project}", await readme.ReadToEndAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
