using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Tests.Reporting;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "liubeisim-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApplication.RunAsync(args, CliConsole.ForWriters(output, error), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_comparison_directory_becomes_one_report_of_both_sides_with_the_overrides()
    {
        var cmp = Path.Combine(_directory, "cmp");
        var html = Path.Combine(_directory, "cmp.html");
        var (compareExit, _, compareError) = await Run("compare", "baseline-2023", "sgmw-125-boost", "-r", "40", "--set", "assumptions.chain.auto_parts_machinery.jobs_per_output=55", "--out", cmp);
        Assert.True(compareExit == 0, compareError);

        var (exit, _, error) = await Run("report", cmp, "--out", html);

        Assert.True(exit == 0, error);
        var text = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        Assert.Contains("sgmw-125-boost", text, StringComparison.Ordinal);
        Assert.Contains("baseline-2023", text, StringComparison.Ordinal);
        Assert.Contains("chain.auto_parts_machinery.jobs_per_output", text, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_without_run_files_names_the_missing_file_and_writes_nothing()
    {
        var empty = Path.Combine(_directory, "empty");
        Directory.CreateDirectory(empty);
        var html = Path.Combine(_directory, "r.html");

        var (exit, _, error) = await Run("report", empty, "--out", html);

        Assert.Equal(1, exit);
        Assert.Contains("summary.json", error, StringComparison.Ordinal);
        Assert.False(File.Exists(html));
    }
}
