using System.CommandLine;
using LiubeiSim.Cli.Cluster;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Cli.Runs;

/// <summary><c>liubeisim runs list|show|wait|download</c>: the durable runs of a running cluster, as an Orleans client.</summary>
public static class RunsCommand
{
    public static RootCommand AddRunsCommand(this RootCommand root, CliConsole console)
    {
        var runs = new Command("runs", "The runs of a running cluster (`liubeisim serve`, or several through Redis): list them, see one, wait for one, download its files, cancel one.\n\n" +
            "Runs get there by `liubeisim run SCENARIO --cluster URL` or POST /api/runs. Every subcommand connects to --cluster,\n" +
            $"by default the gateway of a `liubeisim serve` on this machine ({ClusterOption.LocalServe}).\n\n" +
            "Examples:\n" +
            "  liubeisim runs list\n" +
            "  liubeisim runs list --status running --cluster redis://127.0.0.1:6379\n" +
            "  liubeisim runs show 3f2a...\n" +
            "  liubeisim runs wait 3f2a... --timeout 600\n" +
            "  liubeisim runs download 3f2a... --out runs/c1");
        runs.Subcommands.Add(List(console));
        runs.Subcommands.Add(Show(console));
        runs.Subcommands.Add(Wait(console));
        runs.Subcommands.Add(Download(console));
        runs.Subcommands.Add(Cancel(console));
        root.Subcommands.Add(runs);
        return root;
    }

    private static Option<ClusterAddress?> ClusterAddressOption() => ClusterOption.Address(
        $"The cluster: gateway://HOST:PORT (one `liubeisim serve`; port default {GatewayClusterAddress.DefaultPort}) or redis://HOST:PORT (the cluster's Redis). Default: {ClusterOption.LocalServe}.");

    private static Argument<string> IdArgument() => new("id")
    {
        Description = "The run's id, as `liubeisim run --cluster` printed it or `liubeisim runs list` shows it.",
    };

    private static RunsTarget Target(ParseResult parse, Option<ClusterAddress?> cluster, Option<string> clusterId) =>
        new(parse.GetValue(cluster) ?? ClusterOption.LocalServe, parse.GetValue(clusterId) ?? ClusterOption.DefaultId);

    private static Command List(CliConsole console)
    {
        var cluster = ClusterAddressOption();
        var clusterId = ClusterOption.Id();
        var status = new Option<string?>("--status")
        {
            Description = "Only runs in this state: queued, running, completed, failed or cancelled.",
            HelpName = "STATE",
        };
        status.AcceptOnlyFromAmong(RunStateNames.All);
        var limit = NumberOptions.Int("--limit", "-n", 1, RunsExecutor.MaxLimit, $"Runs per page, newest first (1 to {RunsExecutor.MaxLimit:N0}). Default: {RunsExecutor.DefaultLimit}.");
        var after = new Option<string?>("--after")
        {
            Description = "Start after this run id: the next page (the command says which id to give).",
            HelpName = "ID",
        };
        var format = new Option<string>("--format")
        {
            Description = "How to print the runs on stdout: table (default), csv or json. The paging hint goes to stderr.",
            DefaultValueFactory = _ => "table",
            HelpName = "table|csv|json",
        };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var command = new Command("list", "List the cluster's runs, newest first: id, status, scenario, replications, created (UTC; the CSV and JSON forms also say when each finished).\n\n" +
            "Examples:\n" +
            "  liubeisim runs list\n" +
            "  liubeisim runs list --status completed --limit 50\n" +
            "  liubeisim runs list --after 3f2a...          the next page\n" +
            "  liubeisim runs list --format csv > runs.csv")
        {
            status, limit, after, format, cluster, clusterId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            return await RunsExecutor.ListAsync(
                Target(parse, cluster, clusterId),
                RunStateNames.Parse(parse.GetValue(status)),
                parse.GetValue(limit) ?? RunsExecutor.DefaultLimit,
                parse.GetValue(after),
                OutputFormatOption.Parse(parse.GetValue(format)),
                console,
                interrupt.Token);
        });
        return command;
    }

    private static Command Cancel(CliConsole console)
    {
        var cluster = ClusterAddressOption();
        var clusterId = ClusterOption.Id();
        var id = IdArgument();
        var command = new Command("cancel", "Cancel a run: a queued one at once, a running one after the month under way (as DELETE /api/runs/ID).\n" +
            "Exit 0 when it was cancelled, 1 when it had already finished or there is no such run.\n\n" +
            "Examples:\n" +
            "  liubeisim runs cancel 3f2a...\n" +
            "  liubeisim runs cancel 3f2a... --cluster redis://127.0.0.1:6379")
        {
            id, cluster, clusterId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            return await RunsExecutor.CancelAsync(Target(parse, cluster, clusterId), parse.GetValue(id)!, console, interrupt.Token);
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var cluster = ClusterAddressOption();
        var clusterId = ClusterOption.Id();
        var id = IdArgument();
        var format = new Option<string>("--format")
        {
            Description = "How to print the status on stdout: table (default) or json.",
            DefaultValueFactory = _ => "table",
            HelpName = "table|json",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("show", "Show one run's status: state, progress, month, shards, restarts after a lost silo, shards recomputed, error.\n\n" +
            "Examples:\n" +
            "  liubeisim runs show 3f2a...\n" +
            "  liubeisim runs show 3f2a... --format json")
        {
            id, format, cluster, clusterId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            return await RunsExecutor.ShowAsync(Target(parse, cluster, clusterId), parse.GetValue(id)!, OutputFormatOption.Parse(parse.GetValue(format)), console, interrupt.Token);
        });
        return command;
    }

    private static Command Wait(CliConsole console)
    {
        var cluster = ClusterAddressOption();
        var clusterId = ClusterOption.Id();
        var id = IdArgument();
        var timeout = NumberOptions.Int("--timeout", string.Empty, 1, 7 * 24 * 3600, "Stop waiting after this many seconds (1 to 604,800) and exit 2; the run goes on. Default: wait until it ends.");
        var command = new Command("wait", "Follow a run with a progress view until it ends.\n\n" +
            "Exit code: 0 completed, 1 failed or cancelled on the cluster (the message says why), 2 when --timeout passes,\n" +
            "130 on Ctrl+C. Ctrl+C and --timeout only stop waiting: the run goes on on the cluster (`liubeisim runs show ID`).\n" +
            "To cancel a run: `liubeisim runs cancel ID` (or DELETE /api/runs/ID, or Ctrl+C the `liubeisim run --cluster` that submitted it).\n\n" +
            "Examples:\n" +
            "  liubeisim runs wait 3f2a...\n" +
            "  liubeisim runs wait 3f2a... --timeout 600 && liubeisim runs download 3f2a... --out runs/c1")
        {
            id, timeout, cluster, clusterId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            var timeoutSeconds = parse.GetValue(timeout);
            return await RunsExecutor.WaitAsync(
                Target(parse, cluster, clusterId),
                parse.GetValue(id)!,
                timeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
                console,
                interrupt.Token);
        });
        return command;
    }

    private static Command Download(CliConsole console)
    {
        var cluster = ClusterAddressOption();
        var clusterId = ClusterOption.Id();
        var id = IdArgument();
        var output = PathOptions.OutputDirectory("Directory to write summary.json, indicators.csv and targets.csv into: the files `liubeisim run --out` writes.");
        output.Required = true;
        var command = new Command("download", "Write a completed run's files: summary.json, indicators.csv (every month) and targets.csv.\n\n" +
            "A run not yet completed is refused with its status (`liubeisim runs wait ID` first); a failed or cancelled one has no files.\n\n" +
            "Examples:\n" +
            "  liubeisim runs download 3f2a... --out runs/c1\n" +
            "  liubeisim report runs/c1 --out c1.html      then a report of it")
        {
            id, output, cluster, clusterId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            return await RunsExecutor.DownloadAsync(Target(parse, cluster, clusterId), parse.GetValue(id)!, parse.GetValue(output)!, console, interrupt.Token);
        });
        return command;
    }
}

/// <summary>Which cluster a <c>runs</c> subcommand talks to.</summary>
public sealed record RunsTarget(ClusterAddress Address, string ClusterId);
