using LiubeiSim.Analysis;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Cli.Scenarios;
using LiubeiSim.Cli.Validation;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Comparing;

/// <summary>Validates both sides, checks the output directory, runs the pair, prints and writes; every failure is a message and an exit code.</summary>
public static class CompareExecutor
{
    public static int Execute(CompareOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        if (options.Second is null && options.SettingsA.Count > 0)
        {
            console.Error.WriteLine("--set-a: with one scenario, A is its control (every lever at its default, no shocks), which takes no settings; give two scenarios to set A, or --set to set the one given.");
            return 1;
        }

        // Both sides share A's seed and replications: a --set of either on B would be ignored, so it is refused.
        if (options.SettingsB.FirstOrDefault(s => ScenarioSettings.Split(s)?.Key is "seed" or "replications") is { } shared)
        {
            console.Error.WriteLine($"--set {shared}: both sides run with the same seed and replications; use --seed and -r for both (or --set-a to set A's).");
            return 1;
        }

        // One scenario: its control is A and it is B, so --set lands on the scenario being tried.
        // A file compared with itself (under other settings) is noted once for keeping a built-in's name.
        var noted = new HashSet<string>(StringComparer.Ordinal);
        var resolvedA = Resolve(console, options.First, options.Second is null ? options.SettingsB : options.SettingsA, options.Second is null ? "--set" : "--set-a", noted);
        var resolvedB = options.Second is null ? resolvedA : Resolve(console, options.Second, options.SettingsB, "--set", noted);
        if (resolvedA is not { } a || resolvedB is not { } b)
        {
            return 1;
        }

        if (options.Second is null)
        {
            a = PairedComparison.ControlOf(a);
        }

        if (options.Replications is { } r)
        {
            if (r is < 1 or > RunOptions.MaxReplications)
            {
                console.Error.WriteLine($"--replications {r}: out of range; allowed 1 to {RunOptions.MaxReplications:N0}.");
                return 1;
            }

            a = a.WithReplications(r);
        }

        if (options.Seed is { } seed)
        {
            a = a.WithSeed(seed);
        }

        if (PairedComparison.Incompatibility(a, b) is { } why)
        {
            console.Error.WriteLine($"Cannot compare: {why}.");

            // The options that change each side's horizon, by side: --set alone changes only B.
            if (a.BaseYear == b.BaseYear && (a.Start != b.Start || a.Months != b.Months))
            {
                console.Error.WriteLine("Here --set-a horizon.months=N sets A's horizon, --set horizon.months=N sets B's.");
            }
            return 1;
        }

        if (options.Paired && (b.Seed != a.Seed || b.Replications != a.Replications))
        {
            console.Error.WriteLine($"{b.Name}: runs with {a.Name}'s seed {a.Seed} and {a.Replications:N0} replications, so the two pair replication by replication.");
        }

        var refused = false;
        foreach (var side in new[] { a, b })
        {
            try
            {
                foreach (var message in RunPreflight.Check(side, null))
                {
                    console.Error.WriteLine(message);
                    refused = true;
                }
            }
            catch (InvalidOperationException e)
            {
                console.Error.WriteLine($"{side.Name}: {e.Message}");
                refused = true;
            }
        }

        if (refused)
        {
            return 1;
        }

        if (options.Output is { } directory && OutputDirectory.Check(directory.FullName) is { } problem)
        {
            console.Error.WriteLine(problem);
            return 1;
        }

        // Both sides' state is held at once, in this process: refused before anything runs when it cannot fit.
        var budget = MemoryBudgetOption.Budget(options.MemoryBudget);
        var cost = RunCostEstimator.Comparison(a, b);
        if (cost.PeakBytes > budget.Bytes)
        {
            var most = Math.Min(
                RunCostEstimator.MaxReplications(ModelParameters.Build(BaseYearDataset.Default, a, null), RunEngine.InProcess, budget.Bytes / 2, _ => 0),
                RunCostEstimator.MaxReplications(ModelParameters.Build(BaseYearDataset.Default, b, null), RunEngine.InProcess, budget.Bytes / 2, _ => 0));
            MemoryBudgetOption.Fits(console, $"{b.Name} vs {a.Name}", "this comparison (both sides held at once)", cost, budget, MemoryBudgetOption.FewerReplications(most));
            return 1;
        }

        ComparisonResult result;
        try
        {
            result = RunProgressView.Run(console, $"{b.Name} vs {a.Name}", $"2 x {a.Replications:N0} replications x {a.Months} months", progress => PairedComparison.Run(a, b, null, options.Paired, progress, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine($"{b.Name} vs {a.Name}: cancelled; no output was written.");
            return 130;
        }

        switch (options.Format)
        {
            case OutputFormat.Csv:
                console.Raw.Write(ComparisonFiles.EndCsv(result));
                break;
            case OutputFormat.Json:
                console.Raw.Write(ComparisonFiles.Json(result));
                break;
            case OutputFormat.Md:
                console.Raw.Write(CompareView.Markdown(result, options.All));
                break;
            default:
                CompareView.Print(console, result, options.All);
                break;
        }

        if (options.Output is { } outputDirectory)
        {
            try
            {
                OutputDirectory.WriteAll(outputDirectory.FullName, ComparisonFiles.All(result));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"{outputDirectory.FullName}: could not write the comparison's files: {e.Message}");
                return 1;
            }

            console.Error.WriteLine($"Wrote {ComparisonFiles.CompareCsv}, {ComparisonFiles.CompareMonthlyCsv}, {ComparisonFiles.CompareJson} and the run files of each side (a/, b/) to {outputDirectory.FullName}");
        }

        return 0;
    }

    private static Scenario? Resolve(CliConsole console, string nameOrPath, IReadOnlyList<string> settings, string option, HashSet<string> noted)
    {
        if (WrongCommand.IsSweepSpecForScenario(console, nameOrPath, "compare"))
        {
            return null;
        }

        var parsed = ScenarioLibrary.Resolve(nameOrPath, settings);
        if (parsed.IsValid)
        {
            if (!noted.Contains(nameOrPath) && BuiltInNameNote.WriteIfShared(console, nameOrPath, parsed.Scenario, settings))
            {
                noted.Add(nameOrPath);
            }

            return parsed.Scenario;
        }

        // A setting's problem names it as it was typed: --set-a for A's.
        ProblemPrinter.Print(console, [.. parsed.Problems.Select(p => p.Line == 0 && p.File.StartsWith("--set ", StringComparison.Ordinal) ? p with { File = option + p.File["--set".Length..] } : p)]);
        console.Error.WriteLine($"{nameOrPath}: not compared; fix the problem(s) above (`liubeisim validate` checks a file).");
        return null;
    }
}
