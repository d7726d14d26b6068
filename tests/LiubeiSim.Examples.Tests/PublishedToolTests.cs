using System.Text.RegularExpressions;

namespace LiubeiSim.Examples.Tests;

/// <summary>
/// The published tool, the files `dotnet pack` puts in the tool package the README installs, serves the workbench with
/// its scripts and styles: a build finds them through its manifest of source paths, a published tool only if the
/// publish carried them.
/// </summary>
public sealed partial class PublishedToolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-publish-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_published_tool_serves_the_workbench_and_every_file_its_page_asks_for()
    {
        var cancel = TestContext.Current.CancellationToken;

        // --no-build, no ReadyToRun: the solution's assemblies as built; ahead-of-time code does not change which files go.
        var publish = await Tool.RunAsync(
            "dotnet",
            ["publish", Path.Combine(Repository.Root, "src", "LiubeiSim.Cli"), "--no-build", "-c", Repository.Configuration, "-o", _directory, "-p:PublishReadyToRun=false"],
            TimeSpan.FromMinutes(5),
            Tool.DotnetBuildEnvironment);
        Assert.True(publish.ExitCode == 0, publish.ToString());

        await using var host = await ServedHost.StartAsync(Path.Combine(_directory, "liubeisim.dll"));
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(1) };
        var page = await http.GetStringAsync("/", cancel);

        var files = PageFile().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains(files, f => f.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("_content/Radzen.Blazor/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("workbench.", StringComparison.Ordinal));
        foreach (var file in files)
        {
            using var response = await http.GetAsync(file, cancel);
            Assert.True(response.IsSuccessStatusCode, $"{file}: {(int)response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync(cancel)).Length > 0, $"{file} came back empty");
        }
    }

    /// <summary>The page's own scripts and styles (relative addresses; the page has no others).</summary>
    [GeneratedRegex("""(?:href|src)="([^":/?#][^":?#]*\.(?:css|js))""")]
    private static partial Regex PageFile();
}
