using LiubeiSim.Analysis;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Validation;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using Spectre.Console;

namespace LiubeiSim.Cli.Running;

/// <summary>Validates, runs, prints and writes; every failure is a message and a non-zero exit, never a stack trace.</summary>
public static class RunExecutor
{
    public static int Execute(RunOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var parsed = ScenarioLibrary.Resolve(options.Scenario, options.Settings);
        if (!parsed.IsValid)
        {
            ProblemPrinter.Print(console, parsed.Problems);
            console.Error.WriteLine($"{options.Scenario}: not run; fix the problem(s) above (`liubeisim validate` checks a file).");
            return 1;
        }

        var scenario = parsed.Scenario!;
        if (options.Replications is { } r)
        {
            if (r is < 1 or > RunOptions.MaxReplications)
            {
                console.Error.WriteLine($"--replications {r}: out of range; allowed 1 to {RunOptions.MaxReplications:N0}.");
                return 1;
            }

            scenario = scenario.WithReplications(r);
        }

        if (options.Shards is < 1)
        {
            console.Error.WriteLine($"--shards {options.Shards}: out of range; at least 1 (more than the replications counts as one per replication).");
            return 1;
        }

        if (options.Seed is { } seed)
        {
            scenario = scenario.WithSeed(seed);
        }

        IoTable? io = null;
        if (options.IoTable is { } ioFile)
        {
            try
            {
                io = IoTableReader.ReadFile(ioFile.FullName);
            }
            catch (IoTableException e)
            {
                console.Error.WriteLine(e.Message);
                return 1;
            }
        }

        IReadOnlyList<string> preflight;
        try
        {
            preflight = RunPreflight.Check(scenario, io);
        }
        catch (InvalidOperationException e)
        {
            // The model refuses the inputs (an input-output table that leaves a chain no final demand).
            console.Error.WriteLine($"{options.IoTable?.FullName ?? scenario.Name}: {e.Message}");
            return 1;
        }

        if (preflight.Count > 0)
        {
            foreach (var message in preflight)
            {
                console.Error.WriteLine(message);
            }

            return 1;
        }

        if (options.Output is { } outputDirectory && OutputDirectory.Check(outputDirectory.FullName) is { } outputProblem)
        {
            console.Error.WriteLine(outputProblem);
            return 1;
        }

        RunResult result;
        try
        {
            result = RunProgressView.Run(console, scenario, progress => options.Engine == RunOptions.InProcess
                ? InProcessEngine.Run(scenario, io, options.Shards ?? 0, progress, cancellationToken)
                : OrleansEngine.Run(scenario, io, options.Shards ?? OrleansEngine.DefaultShards(scenario.Replications), progress, cancellationToken));
        }
        catch (SimulationFailedException e)
        {
            console.Error.WriteLine($"{scenario.Name}: the run failed; no output was written. {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine($"{scenario.Name}: cancelled; no output was written.");
            return 130;
        }

        switch (options.Format)
        {
            case OutputFormat.Json:
                console.Raw.Write(RunReport.Summary(result));
                break;
            case OutputFormat.Csv:
                console.Raw.Write(RunSummaryView.Csv(result, options.All));
                break;
            case OutputFormat.Md:
                console.Raw.Write(RunSummaryView.Markdown(result, options.All));
                break;
            default:
                RunSummaryView.Print(console, result, options.All);
                break;
        }

        if (options.Output is { } directory)
        {
            try
            {
                RunFiles.Write(directory.FullName, result);
            }
            catch (IOException e)
            {
                console.Error.WriteLine($"{directory.FullName}: could not write the run's files: {e.Message}");
                return 1;
            }
            catch (UnauthorizedAccessException e)
            {
                console.Error.WriteLine($"{directory.FullName}: not allowed to write there: {e.Message}");
                return 1;
            }

            // On stderr: stdout may be a machine-readable form a script is reading.
            console.Error.WriteLine($"Wrote {RunReport.SummaryFile}, {RunReport.IndicatorsFile} and {RunReport.TargetsFile} to {directory.FullName}");
        }

        return 0;
    }
}
