using System.Globalization;
using LiubeiSim.Analysis;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Cli.Cluster;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Cli.Validation;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.Engine;
using Spectre.Console;

namespace LiubeiSim.Cli.Sweeps;

/// <summary>
/// Validates the spec and every point, checks the output directory, then runs the points and streams them to the tidy
/// tables; every failure is a message and a non-zero exit: 1 for a problem, 130 when interrupted.
/// </summary>
public static class SweepExecutor
{
    /// <summary>Rows of the closing table; the tables hold every point.</summary>
    public const int MaxTableRows = 500;

    public static async Task<int> ExecuteAsync(SweepOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        if (WrongCommand.IsScenarioForSweepSpec(console, options.Spec, "sweep"))
        {
            return 1;
        }

        var parsed = SweepSpecParser.ParseFile(options.Spec);
        if (!parsed.IsValid)
        {
            ProblemPrinter.Print(console, parsed.Problems, ProblemPrinter.ExampleSweep);
            console.Error.WriteLine($"{options.Spec}: not run; fix the problem(s) above (`liubeisim validate {options.Spec}` checks it).");
            return 1;
        }

        var (spec, settingProblems) = parsed.Spec!.WithBaseSettings(options.Settings);
        if (spec is null)
        {
            ProblemPrinter.Print(console, settingProblems);
            console.Error.WriteLine($"{options.Spec}: not run; fix the --set problem(s) above.");
            return 1;
        }

        if (!ParallelIsValid(options.Parallel, console))
        {
            return 1;
        }

        var parallel = options.Parallel ?? SimulationEngine.DefaultParallel(options.Engine);
        var work = SweepWorkList.Resolve(spec.Points());
        if (!PrintInvalidPoint(console, options.Spec, work))
        {
            return 1;
        }

        var preflight = RunPreflight.Check(spec.BaseScenario, null);
        if (preflight.Count > 0)
        {
            foreach (var message in preflight)
            {
                console.Error.WriteLine(message);
            }

            return 1;
        }

        if (options.Cluster is null)
        {
            if (FitParallel(console, options, work.Work, parallel) is not { } fitted)
            {
                return 1;
            }

            parallel = fitted;
        }

        var format = options.Format == SweepCommand.Csv ? TidyTableFormat.Csv : TidyTableFormat.Parquet;
        var directory = Path.GetFullPath(options.Output ?? DefaultOutput(options.Spec, "sweep"));
        var state = new SweepState(directory);
        var points = work.Work.Select(w => w.Point).ToList();
        var plan = SweepState.Plan(spec, points, format);
        if (PrepareDirectory(console, options, directory, state, plan) is { } exit)
        {
            return exit;
        }

        TidyTableWriter writer;
        try
        {
            state.Clean();
            state.WritePlan(plan);
            writer = TidyTableWriter.Open(format, directory, spec.FactorNames, points.Count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            console.Error.WriteLine($"{directory}: cannot write the sweep's tables: {e.Message}");
            return 1;
        }

        var todo = work.Work.Where(w => !writer.IsPointDone(w.Point.Index)).ToList();
        var resumed = points.Count - todo.Count;
        var label = Path.GetFileNameWithoutExtension(options.Spec);
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {points.Count} points × {spec.Replications:N0} replications × {spec.Months} months, seed {spec.Seed}, {spec.DesignName} design{(resumed > 0 ? $"; {resumed} done before, {todo.Count} to run" : string.Empty)}; engine {options.Engine}{(options.Cluster is { } on ? $" on {on}" : string.Empty)}, {parallel} at once; writing {directory}"));

        var progress = new SweepProgress(points.Count, resumed, (long)spec.Replications * spec.Months, Math.Max(1, parallel));
        double startup;
        try
        {
            await using var engine = options.Cluster is { } cluster
                ? await SimulationEngine.ConnectAsync(cluster, options.ClusterId, cancellationToken)
                : await SimulationEngine.StartAsync(options.Engine, cancellationToken);
            startup = engine.StartupSeconds;
            try
            {
                await SweepProgressView.RunAsync(console, label, progress, () => SweepRunner.RunAsync(
                    todo,
                    engine.RunAsync,
                    parallel,
                    async (item, result) =>
                    {
                        // The summary first: the points part the writer renames last is what marks the point done.
                        state.WriteSummary(PointSummary.Of(item.Point.Index, result));
                        await writer.AppendPointAsync(item.Point.Index, item.Point.Values, result, CancellationToken.None);
                    },
                    progress,
                    cancellationToken));
            }
            catch (OperationCanceledException)
            {
                await engine.AbandonAsync();
                throw;
            }
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine($"{label}: cancelled; {writer.PointsDone} of {points.Count} points are kept in {directory}. To finish: liubeisim sweep {options.Spec} --out {directory} --resume{(format == TidyTableFormat.Csv ? " --format csv" : string.Empty)}");
            return 130;
        }
        catch (ClusterUnreachableException e)
        {
            console.Error.WriteLine($"{label}: {e.Message}; {writer.PointsDone} of {points.Count} points are kept in {directory}.");
            return 1;
        }
        catch (SimulationFailedException e)
        {
            console.Error.WriteLine($"{label}: a point failed, so the sweep stopped; {writer.PointsDone} of {points.Count} points are kept in {directory} (--resume finishes after a fix). {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"{directory}: could not write a point: {e.Message}");
            return 1;
        }

        IReadOnlyList<PointSummary> summaries;
        try
        {
            await writer.CompleteAsync(CancellationToken.None);
            summaries = [.. points.Select(p => state.ReadSummary(p.Index))];
            var timings = new SweepTimings(startup, progress.Elapsed.TotalSeconds, todo.Count, resumed, (long)todo.Count * spec.Replications * spec.Months);
            // Under a temporary name first: sweep.json marks a finished sweep, so it must never be half there.
            OutputDirectory.WriteAll(directory, [(SweepReport.FileName, SweepReport.Write(spec, points.Count, format, options.Engine, parallel, timings))]);
            state.Delete();
            SweepSummaryView.Print(console, spec, points, summaries, timings, directory, writer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            console.Error.WriteLine($"{directory}: could not complete the sweep's files: {e.Message}");
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// The points in flight at once that fit this machine's memory budget, at most <paramref name="parallel"/>; null, after
    /// saying why, when not even the largest point alone fits (nothing has run).
    /// </summary>
    private static int? FitParallel(CliConsole console, SweepOptions options, IReadOnlyList<SweepWork> work, int parallel)
    {
        var engine = options.Engine == RunOptions.InProcess ? RunEngine.InProcess : RunEngine.Grains;
        var point = RunCostEstimator.Largest(work.Select(w => w.Scenario), engine, OrleansEngine.DefaultShards);
        var budget = MemoryBudgetOption.Budget(options.MemoryBudget);
        var label = Path.GetFileNameWithoutExtension(options.Spec);
        if (!MemoryBudgetOption.Fits(console, label, "its largest point", point, budget, "Give each point fewer replications, months or synthetic firms"))
        {
            return null;
        }

        var fits = (int)Math.Clamp(budget.Bytes / Math.Max(1, point.PeakBytes), 1, parallel);
        if (fits < Math.Min(parallel, work.Count))
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {fits} point(s) at once, not {parallel}: each needs about {ByteSize.Format(point.PeakBytes)} of memory and this machine's budget is {budget} ({MemoryBudgetOption.Name} raises it)."));
        }

        return fits;
    }

    /// <summary>The default output directory: SPEC-NAME-KIND in the current directory.</summary>
    public static string DefaultOutput(string spec, string kind) => $"{Path.GetFileNameWithoutExtension(spec)}-{kind}";

    /// <summary>False after saying what is wrong with --parallel.</summary>
    public static bool ParallelIsValid(int? parallel, CliConsole console)
    {
        if (parallel is < 1 or > SweepOptions.MaxParallel)
        {
            console.Error.WriteLine($"--parallel {parallel}: out of range; allowed 1 to {SweepOptions.MaxParallel}.");
            return false;
        }

        return true;
    }

    /// <summary>False after printing the problems of the first point whose scenario is not valid.</summary>
    public static bool PrintInvalidPoint(CliConsole console, string spec, SweepWorkList work)
    {
        if (work.IsValid)
        {
            return true;
        }

        ProblemPrinter.Print(console, work.Problems, ProblemPrinter.ExampleSweep);
        console.Error.WriteLine($"{spec}: point {work.Invalid!.Index} ({work.Invalid.Describe()}) is not a valid scenario; nothing was run.");
        return false;
    }

    /// <summary>Refuses a directory holding another sweep (or this one, without --resume), and checks it is writable; null when all is well.</summary>
    private static int? PrepareDirectory(CliConsole console, SweepOptions options, string directory, SweepState state, string plan)
    {
        var parts = Path.Combine(directory, TidyTableWriter.PartsDirectoryName);
        var report = Path.Combine(directory, SweepReport.FileName);
        var unfinished = Directory.Exists(parts) || state.Exists;
        var finished = File.Exists(report) || TidyTables.Names.Any(t => File.Exists(Path.Combine(directory, $"{t}.parquet")) || File.Exists(Path.Combine(directory, $"{t}.csv")));
        if (!options.Resume && (unfinished || finished))
        {
            // A finished sweep has nothing to resume: only another directory (or removing this one) runs it again.
            console.Error.WriteLine(unfinished
                ? $"{directory}: holds the parts of an unfinished sweep (parts/, .sweep/). Pass --resume to finish that sweep, or choose another directory with --out."
                : $"{directory}: holds a finished sweep's tables, which are kept. Choose another directory with --out, or remove those tables and sweep.json, to run it again.");
            return 1;
        }

        if (options.Resume && !unfinished && finished)
        {
            console.Error.WriteLine($"{directory}: the sweep there is complete ({SweepReport.FileName}); nothing to resume. Choose another directory with --out to run it again.");
            return 0;
        }

        if (options.Resume && unfinished)
        {
            var existing = state.ReadPlan();
            if (existing is null)
            {
                console.Error.WriteLine($"{directory}: holds sweep parts without .sweep/{SweepState.PlanFile}, so what they are parts of is unknown; choose another directory with --out.");
                return 1;
            }

            if (!string.Equals(existing, plan, StringComparison.Ordinal))
            {
                console.Error.WriteLine($"{directory}: holds the parts of another sweep ({Difference(existing, plan)}); resume with the spec, format and tool version it was started with, or choose another directory with --out.");
                return 1;
            }
        }

        if (OutputDirectory.Check(directory) is { } problem)
        {
            console.Error.WriteLine(problem);
            return 1;
        }

        return null;
    }

    /// <summary>The first line where two plans differ, for the message.</summary>
    private static string Difference(string existing, string plan)
    {
        var a = existing.Split('\n');
        var b = plan.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end)";
            var right = i < b.Length ? b[i] : "(end)";
            if (left != right)
            {
                return $"its plan has '{Short(left)}' where this spec has '{Short(right)}'";
            }
        }

        return "its plan differs";
    }

    private static string Short(string line) => line.Length > 80 ? line[..80] + "..." : line;
}

/// <summary>The closing table of a sweep: a row per point with its factor values and each output's P50 at the end of the horizon.</summary>
public static class SweepSummaryView
{
    /// <summary>A column heading that wraps between words in 80 columns: no levers./assumptions. prefix, '_' and '.' as breaks.</summary>
    private static string Header(string key)
    {
        var name = key.StartsWith("levers.", StringComparison.Ordinal) ? key["levers.".Length..]
            : key.StartsWith("assumptions.", StringComparison.Ordinal) ? key["assumptions.".Length..]
            : key;
        return name.Replace('_', ' ').Replace(".", ". ", StringComparison.Ordinal);
    }

    public static void Print(CliConsole console, SweepSpec spec, IReadOnlyList<SweepPoint> points, IReadOnlyList<PointSummary> summaries, SweepTimings timings, string directory, TidyTableWriter writer)
    {
        var o = console.Out;
        // At most 80 columns: long factor ids and output names wrap inside their column.
        var table = new Table { Width = 80 }.Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("point").RightAligned());
        foreach (var factor in spec.Factors)
        {
            table.AddColumn(new TableColumn(Markup.Escape(Header(factor.Key))).RightAligned());
        }

        foreach (var output in spec.Outputs)
        {
            table.AddColumn(new TableColumn(Markup.Escape($"{Header(output.Label)} ({output.Unit})")).RightAligned());
        }

        foreach (var point in points.Take(SweepExecutor.MaxTableRows))
        {
            var cells = new List<string> { point.Index.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(spec.Factors.Select(f => point.Values[f.Key].ToString("0.####", CultureInfo.InvariantCulture)));
            cells.AddRange(spec.Outputs.Select(output => RunSummaryView.Format(summaries[point.Index].P50[output.Series])));
            table.AddRow(cells.ToArray());
        }

        o.MarkupLine($"[bold]{Markup.Escape(Path.GetFileName(spec.File))}[/]: {points.Count} points of {Markup.Escape(spec.BaseScenario.Name)}");
        o.MarkupLineInterpolated($"{spec.Replications:N0} replications per point, seed {spec.Seed} for every point.");
        o.MarkupLine("[grey]P50 at the end of the horizon; flows: last 12 months, stocks: end levels.[/]");
        o.Write(table);
        if (points.Count > SweepExecutor.MaxTableRows)
        {
            o.MarkupLineInterpolated($"[grey]{points.Count - SweepExecutor.MaxTableRows} more points are in the tables.[/]");
        }

        var rate = timings.ReplicationMonthsPerSecond > 0 ? string.Create(CultureInfo.InvariantCulture, $"{timings.ReplicationMonthsPerSecond:N0} replication-months/s") : "nothing run";
        o.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Ran {timings.PointsRun} points in {timings.RunSeconds:0.0} s (engine start {timings.StartupSeconds:0.0} s){(timings.PointsResumed > 0 ? $", {timings.PointsResumed} resumed from before" : string.Empty)}: {rate}.");
        o.MarkupLineInterpolated($"Wrote {Path.GetFileName(writer.TablePath(TidyTables.Points))}, {Path.GetFileName(writer.TablePath(TidyTables.Indicators))}, {Path.GetFileName(writer.TablePath(TidyTables.Targets))} and {SweepReport.FileName} to {directory}");
    }
}
