using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Tests.Scenarios;

/// <summary>Runs the CLI in process and captures what it wrote.</summary>
internal static class CliRun
{
    public static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => Run(null, args);

    /// <summary>As a terminal of <paramref name="width"/> columns would show it.</summary>
    public static Task<(int Exit, string Out, string Err)> RunAtWidthAsync(int width, params string[] args) => Run(width, args);

    private static async Task<(int Exit, string Out, string Err)> Run(int? width, string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = width is { } columns ? CliConsole.ForWriters(stdout, stderr, columns) : CliConsole.ForWriters(stdout, stderr);
        var exit = await CliApplication.RunAsync(args, console, TestContext.Current.CancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string TempYaml(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"liubeisim-cli-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
