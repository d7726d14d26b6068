using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Tests.Scenarios;

/// <summary>Runs the CLI in process and captures what it wrote.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApplication.RunAsync(args, CliConsole.ForWriters(stdout, stderr), TestContext.Current.CancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string TempYaml(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"liubeisim-cli-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
