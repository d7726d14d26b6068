using System.Globalization;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Cli.Hosting;
using Spectre.Console;

namespace LiubeiSim.Cli.Sweeps;

/// <summary>
/// Shows a sweep's (or a sensitivity's) progress while its points run: a live bar on a terminal; on stderr, when
/// redirected, a plain line every second. Points done of the total, replication-months/s ("starting" until there is a
/// rate) and the time left.
/// </summary>
public static class SweepProgressView
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(CliConsole console, string label, SweepProgress progress, Func<Task> work)
    {
        if (console.IsInteractive)
        {
            await console.Out.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape($"{label}: {progress.Describe()}"), maxValue: progress.Total);
                    var running = work();

                    // Ends with the work, which ends (finished, failed or cancelled) once every point in flight has.
                    while (!running.IsCompleted)
                    {
                        await Task.WhenAny(running, Task.Delay(LiveInterval, CancellationToken.None));
                        task.Value = progress.Done;
                        task.Description = Markup.Escape($"{label}: {progress.Describe()}");
                    }

                    await running;
                });
            return;
        }

        var plain = work();
        while (!plain.IsCompleted)
        {
            await Task.WhenAny(plain, Task.Delay(PlainInterval, CancellationToken.None));
            if (!plain.IsCompleted)
            {
                console.Error.WriteLine($"{label}: {progress.Describe()}");
            }
        }

        await plain;
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {progress.Done}/{progress.Total} points in {progress.Elapsed.TotalSeconds:0.0} s"));
    }
}
