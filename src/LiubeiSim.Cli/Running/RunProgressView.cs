using System.Diagnostics;
using System.Globalization;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using Spectre.Console;

namespace LiubeiSim.Cli.Running;

/// <summary>Shows a run's progress: a live bar on a terminal; plain lines on stderr at least every 2 seconds when redirected.</summary>
public static class RunProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    public static RunResult Run(CliConsole console, Scenario scenario, Func<IProgress<RunProgress>, RunResult> run)
    {
        if (console.IsInteractive)
        {
            RunResult? result = null;
            console.Out.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Describe(scenario, null), maxValue: 1.0);
                    result = run(new InlineProgress(p =>
                    {
                        task.Value = p.Fraction;
                        task.Description = Describe(scenario, p);
                    }));
                    task.Value = 1.0;
                });
            return result!;
        }

        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        console.Error.WriteLine($"{scenario.Name}: running {scenario.Replications:N0} replications x {scenario.Months} months...");
        var final = run(new InlineProgress(p =>
        {
            if (clock.Elapsed - last < PlainInterval)
            {
                return;
            }

            last = clock.Elapsed;
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: {p.Fraction:P0} ({Describe(scenario, p)})"));
        }));
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: done in {clock.Elapsed.TotalSeconds:0.0} s"));
        return final;
    }

    private static string Describe(Scenario scenario, RunProgress? progress)
    {
        if (progress is not { } p)
        {
            return $"{scenario.Name}: starting";
        }

        var rate = p.ElapsedSeconds > 0 ? p.ReplicationMonthsDone / p.ElapsedSeconds : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: month {p.Month + 1}/{p.Months}, shard {p.ShardsDone}/{p.Shards}, {rate:N0} replication-months/s");
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class InlineProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
