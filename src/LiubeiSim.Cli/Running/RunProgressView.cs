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

    public static RunResult Run(CliConsole console, Scenario scenario, Func<IProgress<RunProgress>, RunResult> run) =>
        Run(console, scenario.Name, $"{scenario.Replications:N0} replications x {scenario.Months} months", run);

    /// <summary>Shows the progress of any work that reports <see cref="RunProgress"/> (a run, both sides of a comparison).</summary>
    /// <param name="console">Where to show it.</param>
    /// <param name="label">What is running, at the start of every line.</param>
    /// <param name="size">Its size in words, for the first plain line.</param>
    /// <param name="run">The work, given the progress sink.</param>
    public static T Run<T>(CliConsole console, string label, string size, Func<IProgress<RunProgress>, T> run)
    {
        if (console.IsInteractive)
        {
            T? result = default;
            // On a narrow terminal a shorter bar and no elapsed time leave the line room for its words; the
            // description is fitted to what is left, so the time columns are never squeezed into wrapped digits.
            var width = console.Out.Profile.Width;
            var narrow = width < WideTerminal;
            ProgressColumn[] columns = narrow
                ? [new TaskDescriptionColumn(), new ProgressBarColumn { Width = NarrowBar }, new PercentageColumn(), new RemainingTimeColumn()]
                : [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()];
            var room = narrow ? Math.Max(MinDescription, width - NarrowFixedColumns) : int.MaxValue;
            console.Out.Progress()
                .AutoClear(true)
                .Columns(columns)
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(Fit(label, null, room)), maxValue: 1.0);
                    result = run(new InlineProgress(p =>
                    {
                        task.Value = p.Fraction;
                        task.Description = Markup.Escape(Fit(label, p, room));
                    }));
                    task.Value = 1.0;
                });
            return result!;
        }

        var clock = Stopwatch.StartNew();
        var gate = new Lock();
        var last = TimeSpan.Zero;
        RunProgress? latest = null;
        console.Error.WriteLine($"{label}: running {size}...");

        void Print(bool force)
        {
            lock (gate)
            {
                if (clock.Elapsed - last < PlainInterval && !force)
                {
                    return;
                }

                last = clock.Elapsed;
                var fraction = latest?.Fraction ?? 0;
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fraction,4:P0} {Describe(label, latest)} ({clock.Elapsed.TotalSeconds:0} s)"));
            }
        }

        // A month can take longer than a second: the ticker keeps a line coming at least every second regardless.
        using var ticker = new Timer(_ => Print(force: false), null, PlainInterval, PlainInterval);
        var final = run(new InlineProgress(p =>
        {
            lock (gate)
            {
                latest = p;
            }

            Print(force: false);
        }));
        ticker.Change(Timeout.Infinite, Timeout.Infinite);
        lock (gate)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: done in {clock.Elapsed.TotalSeconds:0.0} s"));
        }

        return final;
    }

    /// <summary>Terminals narrower than this get the narrow progress line.</summary>
    private const int WideTerminal = 120;

    private const int NarrowBar = 12;

    /// <summary>What the narrow line's other columns take: the bar, "100%", the remaining time and the gaps between.</summary>
    private const int NarrowFixedColumns = NarrowBar + 4 + 8 + 4;

    private const int MinDescription = 12;

    /// <summary>
    /// <see cref="Describe"/> if it fits in <paramref name="room"/> characters; else the short form (month and rate,
    /// no shards), with the label cut short (…) where even that is too long.
    /// </summary>
    public static string Fit(string label, RunProgress? progress, int room)
    {
        var full = Describe(label, progress);
        if (full.Length <= room)
        {
            return full;
        }

        var tail = progress is { } p && Rate(p) >= 1
            ? string.Create(CultureInfo.InvariantCulture, $": {p.Month + 1}/{p.Months}, {Rate(p):N0}/s")
            : ": starting";
        var keep = room - tail.Length;
        return keep >= label.Length ? label + tail
            : keep > 1 ? label[..(keep - 1)] + "…" + tail
            : full[..(room - 1)] + "…";
    }

    private static double Rate(RunProgress p) => p.ElapsedSeconds > 0 ? p.ReplicationMonthsDone / p.ElapsedSeconds : 0;

    /// <summary>One wording for every command: month, shards, rate; "starting" until there is a rate to show.</summary>
    public static string Describe(string label, RunProgress? progress)
    {
        if (progress is not { } p)
        {
            return $"{label}: starting";
        }

        var rate = Rate(p);
        var rateText = rate >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{rate:N0} replication-months/s") : "starting";
        return string.Create(CultureInfo.InvariantCulture, $"{label}: month {p.Month + 1}/{p.Months}, shard {p.ShardsDone}/{p.Shards}, {rateText}");
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class InlineProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
