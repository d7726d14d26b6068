using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using LiubeiSim.Analysis;
using LiubeiSim.Cli.Cluster;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using Orleans;
using Orleans.Runtime;
using Spectre.Console;

namespace LiubeiSim.Cli.Runs;

/// <summary>
/// What the <c>runs</c> subcommands do once parsed: connect, ask the run catalog or a run grain, print. Every failure is
/// one line on stderr and exit 1 (2 for a wait that timed out, 130 for Ctrl+C).
/// </summary>
public static class RunsExecutor
{
    public const int DefaultLimit = 20;

    public const int MaxLimit = 1_000;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a run's grain may fail to answer (its silo dying, not yet declared dead) before a wait gives up, as for a run.</summary>
    private static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(90);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Task<int> ListAsync(RunsTarget target, RunState? state, int limit, string? after, OutputFormat format, CliConsole console, CancellationToken cancellationToken) =>
        WithClusterAsync(target, console, cancellationToken, async grains =>
        {
            var page = await grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).List(state, limit, after).WaitAsync(cancellationToken);
            if (page.UnknownAfter)
            {
                console.Error.WriteLine($"--after {after}: no such run in this cluster (never listed, or forgotten by retention since); list again without --after.");
                return 1;
            }

            switch (format)
            {
                case OutputFormat.Json:
                    console.Raw.Write(ListJson(page));
                    break;
                case OutputFormat.Csv:
                    console.Raw.Write(ListCsv(page));
                    break;
                default:
                    PrintList(console, page);
                    break;
            }

            // On stderr: stdout may be CSV or JSON a script is reading.
            var filter = (state is { } s ? $" --status {RunStateNames.Of(s)}" : string.Empty) + (limit != DefaultLimit ? string.Create(CultureInfo.InvariantCulture, $" --limit {limit}") : string.Empty);
            var where = target.Address == ClusterOption.LocalServe ? string.Empty : $" --cluster {target.Address}";
            console.Error.WriteLine(page.Next is { } next
                ? string.Create(CultureInfo.InvariantCulture, $"{page.Runs.Count} of {page.Total} run(s) shown; the next page: liubeisim runs list --after {next}{filter}{where}")
                : string.Create(CultureInfo.InvariantCulture, $"{page.Runs.Count} of {page.Total} run(s) shown; that is the last page."));
            return 0;
        });

    public static Task<int> CancelAsync(RunsTarget target, string id, CliConsole console, CancellationToken cancellationToken) =>
        WithClusterAsync(target, console, cancellationToken, async grains =>
        {
            var run = grains.GetGrain<IScenarioRunGrain>(id);
            var status = await run.GetStatus().WaitAsync(cancellationToken);
            if (status.State == RunState.NotStarted)
            {
                return Unknown(console, target, id);
            }

            // A durable run through the catalog, which frees a queued run's place before it answers.
            var cancelled = status.Durable ? OrleansEngine.CancelDurableAsync(grains, id) : run.Cancel();
            if (!await cancelled.WaitAsync(cancellationToken))
            {
                console.Error.WriteLine($"run {id} had already finished ({RunStateNames.Of(status.State)}); there is nothing to cancel.");
                return 1;
            }

            console.Error.WriteLine(status.State == RunState.Queued
                ? $"run {id} cancelled before it started."
                : $"run {id} is cancelled: it stops after the month under way (`liubeisim runs show {id}`).");
            return 0;
        });

    public static Task<int> ShowAsync(RunsTarget target, string id, OutputFormat format, CliConsole console, CancellationToken cancellationToken) =>
        WithClusterAsync(target, console, cancellationToken, async grains =>
        {
            var status = await grains.GetGrain<IScenarioRunGrain>(id).GetStatus().WaitAsync(cancellationToken);
            if (status.State == RunState.NotStarted)
            {
                return Unknown(console, target, id);
            }

            if (format == OutputFormat.Json)
            {
                console.Raw.Write(StatusJson(id, status));
            }
            else
            {
                PrintStatus(console, id, status);
            }

            return 0;
        });

    public static Task<int> WaitAsync(RunsTarget target, string id, TimeSpan? timeout, CliConsole console, CancellationToken cancellationToken) =>
        WithClusterAsync(target, console, cancellationToken, async grains =>
        {
            var run = grains.GetGrain<IScenarioRunGrain>(id);
            var first = await StatusRidingOutLossAsync(run, cancellationToken);
            if (first.State == RunState.NotStarted)
            {
                return Unknown(console, target, id);
            }

            using var limit = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            RunStatus last;
            try
            {
                // On a thread of its own: the progress view waits synchronously.
                last = await Task.Factory.StartNew(
                    () => RunProgressView.Run(console, first.Scenario, $"run {id}, {first.Replications:N0} replications x {first.Months} months",
                        progress => FollowAsync(run, first, progress, stop.Token).GetAwaiter().GetResult()),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                console.Error.WriteLine($"stopped waiting; run {id} goes on on the cluster (`liubeisim runs show {id}`).");
                return 130;
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {id} has not ended after {timeout!.Value.TotalSeconds:0} s (--timeout); it goes on on the cluster: `liubeisim runs wait {id}` again or `liubeisim runs show {id}`."));
                return 2;
            }

            switch (last.State)
            {
                case RunState.Completed:
                    console.Error.WriteLine($"run {id} completed; `liubeisim runs download {id} --out DIR` writes its files.");
                    return 0;
                case RunState.Failed:
                    console.Error.WriteLine($"run {id} failed: {last.Failure ?? "the cluster did not say why"}");
                    return 1;
                case RunState.Cancelled:
                    console.Error.WriteLine($"run {id} was cancelled on the cluster.");
                    return 1;
                default:
                    console.Error.WriteLine($"run {id} is no longer known to the cluster (forgotten by retention, or its storage lost it).");
                    return 1;
            }
        });

    public static Task<int> DownloadAsync(RunsTarget target, string id, DirectoryInfo output, CliConsole console, CancellationToken cancellationToken) =>
        WithClusterAsync(target, console, cancellationToken, async grains =>
        {
            var run = grains.GetGrain<IScenarioRunGrain>(id);
            var status = await run.GetStatus().WaitAsync(cancellationToken);
            switch (status.State)
            {
                case RunState.NotStarted:
                    return Unknown(console, target, id);
                case RunState.Failed:
                    console.Error.WriteLine($"run {id} failed, so it has no files: {status.Failure ?? "the cluster did not say why"}");
                    return 1;
                case RunState.Cancelled:
                    console.Error.WriteLine($"run {id} was cancelled, so it has no files.");
                    return 1;
                case RunState.Queued or RunState.Running:
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"run {id} is {RunStateNames.Of(status.State)} ({Fraction(status):P0}), not completed: it has no files yet. `liubeisim runs wait {id}` waits for it."));
                    return 1;
            }

            if (OutputDirectory.Check(output.FullName) is { } problem)
            {
                console.Error.WriteLine(problem);
                return 1;
            }

            var result = (await run.GetResult().WaitAsync(cancellationToken)).Value;
            try
            {
                RunFiles.Write(output.FullName, result);
            }
            catch (IOException e)
            {
                console.Error.WriteLine($"{output.FullName}: could not write the run's files: {e.Message}");
                return 1;
            }
            catch (UnauthorizedAccessException e)
            {
                console.Error.WriteLine($"{output.FullName}: not allowed to write there: {e.Message}");
                return 1;
            }

            console.Error.WriteLine($"Wrote {RunReport.SummaryFile}, {RunReport.IndicatorsFile} and {RunReport.TargetsFile} of run {id} to {output.FullName}");
            return 0;
        });

    /// <summary>Connects, does the work, closes; a connection or a cluster that fails is one line.</summary>
    private static Task<int> WithClusterAsync(RunsTarget target, CliConsole console, CancellationToken cancellationToken, Func<IGrainFactory, Task<int>> work) =>
        ClusterSession.RunAsync(target.Address, target.ClusterId, "runs", "`liubeisim runs list` to see the cluster's runs", console, work, cancellationToken);

    private static int Unknown(CliConsole console, RunsTarget target, string id)
    {
        var where = target.Address == ClusterOption.LocalServe ? string.Empty : $" --cluster {target.Address}";
        console.Error.WriteLine($"no run {id} in this cluster ({target.Address}); `liubeisim runs list{where}` shows its runs.");
        return 1;
    }

    /// <summary>
    /// Follows a run to its end without ever cancelling it: waiting is not owning. Returns its last status (finished,
    /// or not known any more); throws <see cref="OperationCanceledException"/> when the caller stops waiting.
    /// </summary>
    private static async Task<RunStatus> FollowAsync(IScenarioRunGrain run, RunStatus first, IProgress<RunProgress> progress, CancellationToken cancellationToken)
    {
        var status = first;
        DateTime? unreachableSince = null;
        while (true)
        {
            if (status.Shards > 0 && status.Months > 0)
            {
                progress.Report(ToProgress(status));
            }

            if (status.IsFinished || status.State == RunState.NotStarted)
            {
                return status;
            }

            try
            {
                // A long poll: returns at once when the run ends.
                await run.WaitForEnd(PollInterval).WaitAsync(cancellationToken);
                status = await run.GetStatus().WaitAsync(cancellationToken);
                unreachableSince = null;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The run's silo is dying and not yet declared dead: a durable run is resumed elsewhere, so ask again.
                unreachableSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - unreachableSince > UnreachableLimit)
                {
                    throw;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }

    /// <summary>A run's status, asked again while its silo is dying and not yet declared dead (a durable run is resumed elsewhere).</summary>
    private static async Task<RunStatus> StatusRidingOutLossAsync(IScenarioRunGrain run, CancellationToken cancellationToken)
    {
        DateTime? unreachableSince = null;
        while (true)
        {
            try
            {
                return await run.GetStatus().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                unreachableSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - unreachableSince > UnreachableLimit)
                {
                    throw;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }

    private static RunProgress ToProgress(RunStatus s) => new(s.Month, s.ShardsDone, s.Shards, s.Months, s.ElapsedSeconds, s.ReplicationMonthsDone);

    private static double Fraction(RunStatus status) => status.State switch
    {
        RunState.Completed => 1,
        _ when status.Shards > 0 && status.Months > 0 => Math.Clamp(ToProgress(status).Fraction, 0, 1),
        _ => 0,
    };

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string? IsoTime(DateTimeOffset? at) => at?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static void PrintList(CliConsole console, RunPage page)
    {
        if (page.Runs.Count == 0)
        {
            console.Out.WriteLine("No runs.");
            return;
        }

        // 80 columns, as every table of the CLI: the id whole (it is what `runs show` takes), the finish time left to
        // `runs show` and the CSV and JSON forms, the creation time without its year.
        var table = new Table().Border(TableBorder.None);
        table.AddColumn(new TableColumn("id").NoWrap());
        table.AddColumn(new TableColumn("status").NoWrap());
        table.AddColumn(new TableColumn("scenario"));
        table.AddColumn(new TableColumn("reps").RightAligned());
        table.AddColumn(new TableColumn("created UTC").NoWrap());
        foreach (var run in page.Runs)
        {
            table.AddRow(
                Markup.Escape(run.Id),
                RunStateNames.Of(run.State),
                Markup.Escape(run.Scenario),
                run.Replications.ToString("N0", CultureInfo.InvariantCulture),
                run.CreatedAt.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture));
        }

        console.Out.Write(table);
    }

    private static string ListCsv(RunPage page)
    {
        var builder = new StringBuilder();
        using (var csv = new CsvWriter(new StringWriter(builder, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "id", "status", "scenario", "replications", "months", "seed", "created", "finished" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var run in page.Runs)
            {
                csv.WriteField(run.Id);
                csv.WriteField(RunStateNames.Of(run.State));
                csv.WriteField(run.Scenario);
                csv.WriteField(run.Replications);
                csv.WriteField(run.Months);
                csv.WriteField(run.Seed);
                csv.WriteField(IsoTime(run.CreatedAt));
                csv.WriteField(IsoTime(run.FinishedAt));
                csv.NextRecord();
            }
        }

        return builder.ToString();
    }

    private static string ListJson(RunPage page)
    {
        var runs = new JsonArray();
        foreach (var run in page.Runs)
        {
            runs.Add(new JsonObject
            {
                ["id"] = run.Id,
                ["status"] = RunStateNames.Of(run.State),
                ["scenario"] = run.Scenario,
                ["replications"] = run.Replications,
                ["months"] = run.Months,
                ["seed"] = run.Seed,
                ["createdAt"] = IsoTime(run.CreatedAt),
                ["finishedAt"] = IsoTime(run.FinishedAt),
            });
        }

        return new JsonObject { ["runs"] = runs, ["next"] = page.Next, ["total"] = page.Total }.ToJsonString(Indented) + "\n";
    }

    private static void PrintStatus(CliConsole console, string id, RunStatus status)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap());
        grid.AddColumn();
        void Row(string name, string value) => grid.AddRow(name, Markup.Escape(value));
        Row("id", id);
        Row("status", RunStateNames.Of(status.State));
        Row("scenario", status.Scenario);
        Row("replications", status.Replications.ToString("N0", CultureInfo.InvariantCulture));
        Row("seed", status.Seed.ToString(CultureInfo.InvariantCulture));
        Row("progress", Fraction(status).ToString("P0", CultureInfo.InvariantCulture));
        Row("month", string.Create(CultureInfo.InvariantCulture, $"{(status.State == RunState.Completed ? status.Months : Math.Min(status.Month + 1, status.Months))}/{status.Months}"));
        Row("shards", status.IsFinished
            ? status.Shards.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{status.ShardsDone}/{status.Shards} done this month"));
        Row("elapsed", string.Create(CultureInfo.InvariantCulture, $"{status.ElapsedSeconds:0.0} s"));
        Row("restarts", status.Restarts.ToString(CultureInfo.InvariantCulture));
        Row("shards recomputed", status.ShardsRecomputed.ToString(CultureInfo.InvariantCulture));
        Row("created", Time(status.CreatedAt));
        Row("started", Time(status.StartedAt));
        Row("finished", Time(status.FinishedAt));
        if (status.Failure is { } failure)
        {
            Row("error", failure);
        }

        console.Out.Write(grid);
    }

    private static string StatusJson(string id, RunStatus status) => new JsonObject
    {
        ["id"] = id,
        ["status"] = RunStateNames.Of(status.State),
        ["scenario"] = status.Scenario,
        ["replications"] = status.Replications,
        ["seed"] = status.Seed,
        ["progress"] = Fraction(status),
        ["month"] = status.Month,
        ["months"] = status.Months,
        ["shardsDone"] = status.ShardsDone,
        ["shards"] = status.Shards,
        ["elapsedSeconds"] = status.ElapsedSeconds,
        ["restarts"] = status.Restarts,
        ["shardsRecomputed"] = status.ShardsRecomputed,
        ["createdAt"] = IsoTime(status.CreatedAt),
        ["startedAt"] = IsoTime(status.StartedAt),
        ["finishedAt"] = IsoTime(status.FinishedAt),
        ["error"] = status.Failure,
    }.ToJsonString(Indented) + "\n";
}
