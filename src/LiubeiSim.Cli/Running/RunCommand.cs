using System.CommandLine;
using LiubeiSim.Cli.Cluster;
using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Running;

/// <summary><c>liubeisim run</c>: runs a scenario and prints P10/P50/P90 and target probabilities; optionally writes the run's files.</summary>
public static class RunCommand
{
    public static RootCommand AddRunCommand(this RootCommand root, CliConsole console)
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "A built-in scenario name (see `liubeisim scenarios list`) or the path of a scenario YAML file.",
        };
        var engine = new Option<string>("--engine")
        {
            Description = "Which engine runs the district: `orleans` (grains on a silo hosted in this process, on a free loopback port) or `inprocess` (the reference engine, no silo). Both give the same numbers bit for bit.",
            DefaultValueFactory = _ => RunOptions.Orleans,
        };
        engine.AcceptOnlyFromAmong(RunOptions.Orleans, RunOptions.InProcess);
        var shards = NumberOptions.Int("--shards", string.Empty, 1, 4096, "Blocks of replications run in parallel, each a shard of grains (1 to 4,096; capped at one per replication). Default: twice the processor count for `orleans` (fewer when that would leave a shard under 1,000 replications, more when a shard would hold over 65,536), blocks of at most 2,048 for `inprocess`. Results do not depend on it.");
        var replications = NumberOptions.Int("--replications", "-r", 1, RunOptions.MaxReplications, "Monte Carlo replications (1 to 1,000,000); overrides the scenario's `replications`.");
        var seed = NumberOptions.Seed("Seed of the random streams (0 to 2^64-1); overrides the scenario's `seed`. Same seed, same numbers, bit for bit.");
        var output = PathOptions.OutputDirectory("Directory to write summary.json, indicators.csv (every month) and targets.csv into. Files appear only when the run completes.");
        var ioTable = new Option<FileInfo?>("--io-table")
        {
            Description = "CSV input-output table to use instead of the default: header `supplier,<chain ids>`, one row per supplying chain (coefficients in [0, 1)), and a `value_added` row (each chain's value added per yuan of output); in each column, coefficients plus value added below 1.",
        };
        var set = SetOption.Create();
        var all = new Option<bool>("--all")
        {
            Description = "Show every indicator for every chain and town as rows, not only the district and chain output.",
        };
        var format = OutputFormatOption.Create("table (default; fits 80 columns), csv (end-of-horizon statistics), json (summary.json) or md (Markdown)");
        var json = new Option<bool>("--json")
        {
            Description = "Print summary.json on stdout instead of the tables (the same as --format json); progress stays on stderr.",
        };

        var cluster = ClusterOption.Address(
            "Run on a running cluster instead of a silo in this process: gateway://HOST:PORT (one `liubeisim serve`; port default 30000) " +
            "or redis://HOST:PORT (the cluster's Redis). The run is durable: it is queued, listed by `liubeisim runs list`, and kept by the cluster; " +
            "Ctrl+C cancels it on the cluster.");
        var clusterId = ClusterOption.Id();
        var memoryBudget = MemoryBudgetOption.Create();
        var command = new Command("run", "Run a scenario: project the district month by month with Monte Carlo uncertainty.\n\n" +
            "Prints, for each indicator, its base-year value and P10/P50/P90 at the end of the horizon, and for each target\n" +
            "the probability of meeting it. Flows (output, jobs, capital, loans, R&D, projects) are totals over the last 12\n" +
            "months of the horizon; stocks (firms, employment, coverage) are end-of-horizon levels.\n\n" +
            "Examples:\n" +
            "  liubeisim run baseline-2023\n" +
            "  liubeisim run sgmw-125-boost --replications 10000 --seed 7 --out runs/sgmw\n" +
            "  liubeisim run baseline-2023 --set levers.sgmw_demand_growth=20 --set levers.project_delay_months=6\n" +
            "  liubeisim run baseline-2023 --set assumptions.chain.auto_parts_machinery.jobs_per_output=55\n" +
            "  liubeisim run my-scenario.yaml --io-table my-io.csv\n" +
            "  liubeisim run baseline-2023 --cluster gateway://127.0.0.1:30000 --out runs/c1   on a running `liubeisim serve`")
        {
            scenario, set, engine, shards, replications, seed, output, ioTable, all, format, json, cluster, clusterId, memoryBudget,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new RunOptions(
                parse.GetValue(scenario)!,
                parse.GetValue(engine) ?? RunOptions.Orleans,
                parse.GetValue(replications),
                parse.GetValue(seed),
                parse.GetValue(output),
                parse.GetValue(ioTable),
                parse.GetValue(all),
                parse.GetValue(shards))
            {
                Settings = parse.GetValue(set) ?? [],
                Format = parse.GetValue(json) ? OutputFormat.Json : OutputFormatOption.Parse(parse.GetValue(format)),
                Cluster = parse.GetValue(cluster),
                ClusterId = parse.GetValue(clusterId) ?? ClusterOption.DefaultId,
                MemoryBudget = parse.GetValue(memoryBudget),
            };
            if (parse.GetValue(json) && parse.GetResult(format) is { Implicit: false })
            {
                console.Error.WriteLine("--json and --format: give one of them (--json is --format json).");
                return 1;
            }

            if (options.Cluster is not null && parse.GetResult(engine) is { Implicit: false })
            {
                console.Error.WriteLine("--engine and --cluster: give one of them (with --cluster the cluster's silos run the grains).");
                return 1;
            }

            if (options.Cluster is not null && options.MemoryBudget is not null)
            {
                console.Error.WriteLine($"{MemoryBudgetOption.Name} and --cluster: the cluster admits runs by its own budget (its Admission settings).");
                return 1;
            }

            if (options.Cluster is null && parse.GetResult(clusterId) is { Implicit: false })
            {
                console.Error.WriteLine("--cluster-id: only with --cluster URL (the id of that cluster's silos).");
                return 1;
            }

            using var interrupt = new InterruptSignal(cancellationToken);

            // On a thread of its own: the run waits synchronously, and a pool thread blocked here is one less for the grains.
            return await Task.Factory.StartNew(() => RunExecutor.Execute(options, console, interrupt.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        });
        root.Subcommands.Add(command);
        return root;
    }
}
