using System.CommandLine;
using System.Globalization;
using LiubeiSim.Analysis;
using LiubeiSim.Analysis.Sensitivity;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Cli.Sweeps;
using LiubeiSim.Cli.Validation;
using LiubeiSim.Grains.Engine;
using Spectre.Console;

namespace LiubeiSim.Cli.Sensitivity;

/// <summary><c>liubeisim sensitivity SPEC --method morris|sobol</c>: which factors move the spec's outputs, and how much.</summary>
public static class SensitivityCommand
{
    public const string IndicesFile = "indices.csv";
    public const string TornadoFile = "tornado.png";

    public static RootCommand AddSensitivityCommand(this RootCommand root, CliConsole console)
    {
        var spec = new Argument<string>("spec")
        {
            Description = "A sweep spec (YAML) with factors (their min and max are the ranges analysed) and outputs (the indicators explained).",
        };
        var method = new Option<string>("--method", "-m")
        {
            Description = "`sobol`: first-order and total indices with 95% bootstrap intervals, N(k+2) runs. `morris`: elementary effects μ* and σ, N(k+1) runs, a cheaper screening.",
            Required = true,
        };
        method.AcceptOnlyFromAmong(SensitivityStudy.MorrisName, SensitivityStudy.SobolName);
        var samples = new Option<int?>("--samples", "-n")
        {
            Description = "N, overriding the spec's samples: the base sample size (Sobol; a power of two is best) or the number of trajectories (Morris).",
            HelpName = "N",
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Directory for indices.csv and tornado.png (default: SPEC-NAME-sensitivity in the current directory). Checked before anything runs.",
            HelpName = "DIR",
        };
        var engine = SweepCommand.EngineOption();
        var parallel = new Option<int?>("--parallel", "-p")
        {
            Description = "Runs at once (1 to 256); default as for sweep. Results do not depend on it.",
            HelpName = "N",
        };

        var command = new Command("sensitivity", "Which factors of a sweep spec move its outputs most: Sobol indices or Morris elementary effects.\n\n" +
            "Each design point is the base scenario with the factors applied as --set KEY=VALUE, run with the spec's replications\n" +
            "and seed (the same for every point). The model output of a point is the MEAN over replications of each output\n" +
            "at the end of the horizon (flows: 12-month totals); the mean, not the P50, because it moves smoothly with the\n" +
            "factors and Sobol's variance decomposition is one of expectations. Factor ranges are min..max (a listed factor:\n" +
            "its smallest to its largest value); whole-number fields are rounded.\n\n" +
            "  sobol    S1 (the share of the output's variance due to the factor alone) and ST (with its interactions), each\n" +
            "           with a 95% bootstrap interval; N(k+2) runs for k factors. ST ≈ 0: the factor can be fixed.\n" +
            "  morris   μ* (mean absolute change of the output over the factor's whole range) and σ (its spread: non-linear\n" +
            "           or interacting); N(k+1) runs on a 4-level grid. For screening many factors cheaply.\n\n" +
            "Prints a table per output, factors ranked by ST or μ*, and writes DIR/indices.csv (Sobol columns: output, factor,\n" +
            "method, first, first_ci_low, first_ci_high, total, total_ci_low, total_ci_high; Morris: output, factor, method,\n" +
            "mu_star, sigma) and DIR/tornado.png, a panel per output with a bar per factor (ST with its interval, or μ*).\n\n" +
            "Examples:\n" +
            "  liubeisim sensitivity examples/sweeps/sensitivity-3.yaml --method sobol\n" +
            "  liubeisim sensitivity examples/sweeps/sensitivity-3.yaml --method morris --samples 20 --out runs/morris\n" +
            "  liubeisim sensitivity my-sweep.yaml --method sobol --samples 64 --engine inprocess")
        {
            spec, method, samples, output, engine, parallel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SensitivityOptions(
                parse.GetValue(spec)!,
                parse.GetValue(method) == SensitivityStudy.SobolName ? SensitivityMethod.Sobol : SensitivityMethod.Morris,
                parse.GetValue(samples),
                parse.GetValue(output),
                parse.GetValue(engine) ?? RunOptions.Orleans,
                parse.GetValue(parallel));
            using var interrupt = new InterruptSignal(cancellationToken);
            return await ExecuteAsync(options, console, interrupt.Token);
        });
        root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> ExecuteAsync(SensitivityOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        if (WrongCommand.IsScenarioForSweepSpec(console, options.Spec, "sensitivity"))
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

        var spec = parsed.Spec!;
        if (!SweepExecutor.ParallelIsValid(options.Parallel, console))
        {
            return 1;
        }

        if (spec.Outputs.Count == 0)
        {
            console.Error.WriteLine($"{options.Spec}: outputs: missing; a sensitivity analysis explains outputs, e.g. outputs: [industrial_output, new_urban_jobs]");
            return 1;
        }

        var minimum = 2;
        if ((options.Samples ?? spec.Samples) is not { } n)
        {
            console.Error.WriteLine($"{options.Spec}: samples: missing; give N in the spec (samples: 32) or with --samples N: the base sample size (sobol) or the number of trajectories (morris).");
            return 1;
        }

        if (n < minimum || SensitivityStudy.RunsFor(options.Method, n, spec.Factors.Count) > SweepSpecParser.MaxPoints)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(options.Samples is null ? $"{options.Spec}: samples" : "--samples")} {n}: out of range for {SensitivityStudy.Name(options.Method)} with {spec.Factors.Count} factors; N from {minimum} with N(k+{(options.Method == SensitivityMethod.Sobol ? 2 : 1)}) runs at most {SweepSpecParser.MaxPoints:N0}."));
            return 1;
        }

        var study = SensitivityStudy.Create(spec, options.Method, n);
        var work = SweepWorkList.Resolve(study.Points);
        if (!SweepExecutor.PrintInvalidPoint(console, options.Spec, work))
        {
            return 1;
        }

        var directory = Path.GetFullPath(options.Output ?? SweepExecutor.DefaultOutput(options.Spec, "sensitivity"));
        if (OutputDirectory.Check(directory) is { } problem)
        {
            console.Error.WriteLine(problem);
            return 1;
        }

        var parallel = options.Parallel ?? SimulationEngine.DefaultParallel(options.Engine);
        var label = $"{Path.GetFileNameWithoutExtension(options.Spec)} ({study.MethodName})";
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {study.Points.Count} runs (N = {n}, {spec.Factors.Count} factors) × {spec.Replications:N0} replications × {spec.Months} months, seed {spec.Seed}; engine {options.Engine}, {parallel} at once"));

        var summaries = new PointSummary[study.Points.Count];
        var progress = new SweepProgress(study.Points.Count, 0, (long)spec.Replications * spec.Months, parallel);
        try
        {
            await using var engine = await SimulationEngine.StartAsync(options.Engine, cancellationToken);
            try
            {
                await SweepProgressView.RunAsync(console, label, progress, () => SweepRunner.RunAsync(
                    work.Work,
                    engine.RunAsync,
                    parallel,
                    (item, result) =>
                    {
                        summaries[item.Point.Index] = PointSummary.Of(item.Point.Index, result);
                        return Task.CompletedTask;
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
            console.Error.WriteLine($"{label}: cancelled after {progress.Done} of {study.Points.Count} runs; nothing was written.");
            return 130;
        }
        catch (SimulationFailedException e)
        {
            console.Error.WriteLine($"{label}: a run failed, so the analysis stopped; nothing was written. {e.Message}");
            return 1;
        }

        var rows = study.Compute(summaries);
        SensitivityTableView.Print(console, study, rows, progress.Elapsed);
        try
        {
            OutputDirectory.WriteAll(directory, [(IndicesFile, SensitivityStudy.IndicesCsv(options.Method, rows))]);
            TornadoChart.Save(Path.Combine(directory, TornadoFile), study, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"{directory}: could not write the results: {e.Message}");
            return 1;
        }

        console.Out.MarkupLineInterpolated($"Wrote {IndicesFile} and {TornadoFile} to {directory}");
        return 0;
    }
}

/// <summary>What the user asked of <c>liubeisim sensitivity</c>.</summary>
public sealed record SensitivityOptions(string Spec, SensitivityMethod Method, int? Samples, string? Output, string Engine, int? Parallel);

/// <summary>The ranked table per output.</summary>
public static class SensitivityTableView
{
    private static string ShortFactor(string key) =>
        key.StartsWith("levers.", StringComparison.Ordinal) ? key["levers.".Length..]
        : key.StartsWith("assumptions.", StringComparison.Ordinal) ? key["assumptions.".Length..]
        : key;

    public static void Print(CliConsole console, SensitivityStudy study, IReadOnlyList<SensitivityRow> rows, TimeSpan elapsed)
    {
        var o = console.Out;
        var spec = study.Spec;
        o.MarkupLine($"[bold]{Markup.Escape(Path.GetFileName(spec.File))}[/]: {(study.Method == SensitivityMethod.Sobol ? "Sobol indices" : "Morris elementary effects")} of {Markup.Escape(spec.BaseScenario.Name)}");
        o.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"N = {study.Samples}, {study.Points.Count} runs of {spec.Replications:N0} replications, seed {spec.Seed}, {elapsed.TotalSeconds:0.0} s.");
        o.MarkupLine("[grey]Output of a run: the mean over replications at the end of the horizon.[/]");
        foreach (var group in rows.GroupBy(r => r.Output.Label))
        {
            var output = group.First().Output;
            // At most 80 columns: factors without their levers./assumptions. prefix (indices.csv keeps the full key
            // and the first-order intervals), ranked by the total index or μ*.
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape($"{output.Label} ({output.Unit})"));
            table.AddColumn(new TableColumn("factor").NoWrap().Padding(0, 0, 2, 0));
            if (study.Method == SensitivityMethod.Sobol)
            {
                table.AddColumn(new TableColumn("S1").RightAligned().Padding(0, 0, 2, 0));
                table.AddColumn(new TableColumn("ST").RightAligned().Padding(0, 0, 2, 0));
                table.AddColumn(new TableColumn("ST 95% CI").RightAligned().Padding(0, 0, 2, 0));
            }
            else
            {
                table.AddColumn(new TableColumn($"μ* ({output.Unit})").RightAligned().Padding(0, 0, 2, 0));
                table.AddColumn(new TableColumn("σ").RightAligned().Padding(0, 0, 2, 0));
            }

            foreach (var row in group)
            {
                var cells = new List<string> { Markup.Escape(IndicatorNames.Short(ShortFactor(row.Factor), 46)) };
                if (row.Sobol is { } s)
                {
                    cells.AddRange([Index(s.First), $"[bold]{Index(s.Total)}[/]", $"{Index(s.TotalCiLow)}..{Index(s.TotalCiHigh)}"]);
                }
                else
                {
                    cells.AddRange([$"[bold]{RunSummaryView.Format(row.Morris!.MuStar)}[/]", RunSummaryView.Format(row.Morris.Sigma)]);
                }

                table.AddRow(cells.ToArray());
            }

            o.Write(table);
        }
    }

    private static string Index(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
