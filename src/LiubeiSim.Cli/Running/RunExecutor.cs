using LiubeiSim.Analysis;
using LiubeiSim.Cli.Cluster;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Scenarios;
using LiubeiSim.Cli.Validation;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using Orleans.Runtime;
using Spectre.Console;

namespace LiubeiSim.Cli.Running;

/// <summary>Validates, runs, prints and writes; every failure is a message and a non-zero exit, never a stack trace.</summary>
public static class RunExecutor
{
    public static int Execute(RunOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        if (WrongCommand.IsSweepSpecForScenario(console, options.Scenario, "run"))
        {
            return 1;
        }

        var parsed = ScenarioLibrary.Resolve(options.Scenario, options.Settings);
        if (!parsed.IsValid)
        {
            ProblemPrinter.Print(console, parsed.Problems);
            console.Error.WriteLine($"{options.Scenario}: not run; fix the problem(s) above (`liubeisim validate` checks a file).");
            return 1;
        }

        BuiltInNameNote.WriteIfShared(console, options.Scenario, parsed.Scenario!, options.Settings);
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

        // Here, before a silo starts: a run too large for this machine is refused as the service would refuse it.
        // On a cluster, the cluster's catalog decides by its own budget.
        if (options.Cluster is null && !FitsMemory(options, scenario, io, console))
        {
            return 1;
        }

        RunResult result;
        if (options.Cluster is { } cluster)
        {
            if (RunOnCluster(options, scenario, io, cluster, console, cancellationToken, out var exit) is not { } done)
            {
                return exit;
            }

            result = done;
        }
        else
        {
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
        }

        return Report(options, result, console);
    }

    private static bool FitsMemory(RunOptions options, Scenario scenario, IoTable? io, CliConsole console)
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, io);
        var budget = MemoryBudgetOption.Budget(options.MemoryBudget);
        var grains = options.Engine != RunOptions.InProcess;
        var engine = grains ? RunEngine.Grains : RunEngine.InProcess;
        int ShardsFor(int r) => options.Shards ?? OrleansEngine.DefaultShards(r);
        var cost = RunCostEstimator.Estimate(parameters, engine, grains ? ShardsFor(scenario.Replications) : 0);
        return cost.PeakBytes <= budget.Bytes || MemoryBudgetOption.Fits(
            console,
            scenario.Name,
            "this run",
            cost,
            budget,
            MemoryBudgetOption.FewerReplications(RunCostEstimator.MaxReplications(parameters, engine, budget.Bytes, ShardsFor)) + (grains && options.Shards is not null ? " or fewer --shards" : string.Empty));
    }

    /// <summary>
    /// Submits a durable run to the cluster and follows it with the same progress view: the only difference from a run
    /// here is where the grains are. Ctrl+C cancels the run on the cluster. Null, with the exit code, when it did not complete.
    /// </summary>
    private static RunResult? RunOnCluster(RunOptions options, Scenario scenario, IoTable? io, ClusterAddress cluster, CliConsole console, CancellationToken cancellationToken, out int exit)
    {
        exit = 1;
        ClusterClientConnection connection;
        try
        {
            // This thread is the command's own (see RunCommand), so waiting on it holds no pool thread.
            connection = ClusterClientConnection.ConnectAsync(cluster, options.ClusterId, cancellationToken).GetAwaiter().GetResult();
        }
        catch (ClusterUnreachableException e)
        {
            console.Error.WriteLine($"{scenario.Name}: {e.Message}");
            return null;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine($"{scenario.Name}: cancelled before the run was submitted; no output was written.");
            exit = 130;
            return null;
        }

        try
        {
            string id;
            try
            {
                id = OrleansEngine.SubmitAsync(connection.Grains, scenario, io, options.Shards ?? 0).GetAwaiter().GetResult();
            }
            catch (RunRefusedException e)
            {
                var then = e.Reason switch
                {
                    Grains.Runs.SubmitRefusal.TooLarge => string.Empty,
                    Grains.Runs.SubmitRefusal.OverQuota => e.RetryAfter is { } wait ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" Try again in {Math.Ceiling(wait.TotalSeconds):0} s.") : string.Empty,
                    _ => $" Try again when `liubeisim runs list --status queued --cluster {cluster}` is shorter.",
                };
                console.Error.WriteLine($"{scenario.Name}: the cluster at {cluster} refused the run: {e.Message}{then}");
                return null;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                console.Error.WriteLine($"{scenario.Name}: the cluster at {cluster} did not take the run: {e.Message}");
                return null;
            }

            console.Error.WriteLine($"run {id} submitted to {cluster}");
            try
            {
                return RunProgressView.Run(console, scenario, progress =>
                    OrleansEngine.FollowAsync(connection.Grains, id, progress, cancellationToken).GetAwaiter().GetResult());
            }
            catch (SimulationFailedException e)
            {
                console.Error.WriteLine($"{scenario.Name}: run {id} failed on the cluster; no output was written. {e.Message}");
                return null;
            }
            catch (RunGrainLostException e)
            {
                console.Error.WriteLine($"{scenario.Name}: run {id} was lost by the cluster; no output was written. {e.Message}");
                return null;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The cluster stopped answering while the run went on there: it may still complete.
                console.Error.WriteLine($"{scenario.Name}: lost touch with the cluster at {cluster} ({e.GetType().Name}); no output was written. The run may still complete: `liubeisim runs wait {id} --cluster {cluster}`.");
                return null;
            }
            catch (OperationCanceledException)
            {
                // FollowAsync told the run to stop when the token was cancelled; a run cancelled by someone else lands here too.
                console.Error.WriteLine(cancellationToken.IsCancellationRequested
                    ? $"{scenario.Name}: cancelled; run {id} was cancelled on the cluster; no output was written."
                    : $"{scenario.Name}: run {id} was cancelled on the cluster (`liubeisim runs show {id}`); no output was written.");
                exit = cancellationToken.IsCancellationRequested ? 130 : 1;
                return null;
            }
        }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Prints the run's tables and writes its files: the same for a run here and a run on a cluster.</summary>
    private static int Report(RunOptions options, RunResult result, CliConsole console)
    {
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
