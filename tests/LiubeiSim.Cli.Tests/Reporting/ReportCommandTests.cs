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

        // The paired differences come from compare.json, not from the two medians.
        var compare = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(cmp, "compare.json"), TestContext.Current.CancellationToken))!;
        var output = compare["indicators"]!.AsArray().Single(i => (string?)i!["indicator"] == "industrial_output" && (string?)i["scope"] == "district")!;
        Assert.Contains("id=\"paired\"", text, StringComparison.Ordinal);
        Assert.Contains($"data-indicator=\"industrial_output\" data-diff-p50=\"{((double)output["diff_p50"]!).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\"", text, StringComparison.Ordinal);
        Assert.Contains("paired: both ran with seed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Note:", error, StringComparison.Ordinal);

        // Written under another extension it is still HTML: written, and the name noted.
        var (txtExit, _, txtError) = await Run("report", cmp, "--out", Path.Combine(_directory, "cmp.txt"));
        Assert.True(txtExit == 0, txtError);
        Assert.Contains($"Note: cmp.txt holds HTML; name it .html (e.g. --out {Path.Combine(_directory, "cmp.html")})", txtError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_compare_json_is_named_and_a_report_never_overwrites_its_input()
    {
        var cmp = Path.Combine(_directory, "cmp");
        var (compareExit, _, _) = await Run("compare", "baseline-2023", "sgmw-125-boost", "-r", "20", "--out", cmp);
        Assert.Equal(0, compareExit);
        var summary = Path.Combine(cmp, "a", "summary.json");
        var before = await File.ReadAllTextAsync(summary, TestContext.Current.CancellationToken);

        var (insideExit, _, insideError) = await Run("report", Path.Combine(cmp, "a"), Path.Combine(cmp, "b"), "--out", summary);
        await File.WriteAllTextAsync(Path.Combine(cmp, "compare.json"), "garbage", TestContext.Current.CancellationToken);
        var (corruptExit, _, corruptError) = await Run("report", cmp, "--out", Path.Combine(_directory, "r.html"));

        Assert.Equal(1, insideExit);
        Assert.Contains("which the report reads", insideError, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(summary, TestContext.Current.CancellationToken));
        Assert.Equal(1, corruptExit);
        Assert.Contains("compare.json", corruptError, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", corruptError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "r.html")));
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
