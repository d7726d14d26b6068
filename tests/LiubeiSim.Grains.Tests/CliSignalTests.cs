using System.Diagnostics;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// The real command in its own process, stopped by a signal mid-run: it says it was cancelled, exits non-zero within
/// seconds and leaves no file that looks complete. SIGTERM takes the same path as Ctrl+C (SIGINT), and unlike SIGINT
/// it is never ignored by a test runner started in the background.
/// </summary>
public sealed class CliSignalTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "liubeisim-signal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_terminated_run_says_cancelled_exits_130_and_writes_no_files()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends a POSIX signal");
        var output = Path.Combine(_directory, "out");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "liubeisim.dll"), "run", "baseline-2023", "-r", "300000", "--out", output })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var firstProgress = new TaskCompletionSource();
        var stderr = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line);
                }

                // A progress line ("month 2/12, shard 1/4, ..."), not the opening "running ... x 12 months".
                if (System.Text.RegularExpressions.Regex.IsMatch(line, @"month \d+/\d+"))
                {
                    firstProgress.TrySetResult();
                }
            }
        }, TestContext.Current.CancellationToken);

        await firstProgress.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, kill.ExitCode);
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var exitedAfter = clock.Elapsed;
        await reading;
        await stdout;

        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}; stderr:\n{stderr}");
        Assert.True(exitedAfter < TimeSpan.FromSeconds(5), $"exited {exitedAfter.TotalSeconds:0.0} s after the signal");
        Assert.Contains("cancelled", stderr.ToString(), StringComparison.Ordinal);
        Assert.True(!Directory.Exists(output) || Directory.GetFiles(output).Length == 0, "a cancelled run left files behind");
    }
}
