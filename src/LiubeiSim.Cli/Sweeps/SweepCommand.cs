using System.CommandLine;
using LiubeiSim.Cli.Cluster;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Cli.Sweeps;

/// <summary><c>liubeisim sweep SPEC</c>: runs every point of a sweep spec and writes the tidy tables.</summary>
public static class SweepCommand
{
    public const string Parquet = "parquet";
    public const string Csv = "csv";

    public static RootCommand AddSweepCommand(this RootCommand root, CliConsole console)
    {
        var spec = new Argument<string>("spec")
        {
            Description = "A sweep spec (YAML): the base scenario, the factors and their values, replications and seed. See examples/sweeps/ and docs/analysis.md.",
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Directory for points, indicators and targets tables and sweep.json (default: SPEC-NAME-sweep in the current directory). Checked before anything runs.",
            HelpName = "DIR",
        };
        var resume = new Option<bool>("--resume")
        {
            Description = "Finish a sweep that stopped (Ctrl+C, kill, a failure) in DIR: its finished points are kept and only the others run. The tables come out byte for byte as those of a sweep that never stopped.",
        };
        var format = new Option<string>("--format")
        {
            Description = "Table format: `parquet` (typed columns, for DuckDB, pandas, R arrow) or `csv`.",
            DefaultValueFactory = _ => Parquet,
        };
        format.AcceptOnlyFromAmong(Parquet, Csv);
        var engine = EngineOption();
        var set = SetOption.Create();
        set.Description = "Set a value over the base scenario for every point (a lever or assumption that is not a factor, horizon.months, synthetic_firms), repeatable, checked like the file. Example: --set levers.services_growth=3";
        var parallel = new Option<int?>("--parallel", "-p")
        {
            Description = "Points run at once (1 to 256). Default: twice the processor count on the silo, the processor count in process. Results do not depend on it.",
            HelpName = "N",
        };
        var cluster = ClusterOption.Address(
            "Run the points on a running cluster instead of a silo in this process: gateway://HOST:PORT (one `liubeisim serve`; port default 30000) " +
            "or redis://HOST:PORT (the cluster's Redis). The tables are written here as usual; Ctrl+C cancels the points in flight on the cluster.");
        var clusterId = ClusterOption.Id();
        var memoryBudget = MemoryBudgetOption.Create();
        memoryBudget.Description = "The memory the points in flight may fill together, e.g. 12GiB. Default: half of what the .NET runtime may use here. " +
            "A sweep whose largest point alone is estimated above it is refused before anything runs; otherwise as many points run at once as fit (at most --parallel). Not with --cluster.";

        var command = new Command("sweep", "Run a scenario at many values of some levers or assumptions: a grid, a Latin hypercube or a Sobol design.\n\n" +
            "Every point is the spec's base scenario with the factors' values applied as --set KEY=VALUE (so each is validated),\n" +
            "run with the spec's replications and the same seed (common random numbers: differences between points are the\n" +
            "factors', not the dice's). Points run several at once on one embedded silo and are written as they finish, so\n" +
            "Ctrl+C or a kill loses at most the points in flight: run again with --resume to finish.\n\n" +
            "Writes to DIR: points, indicators and targets (.parquet or .csv; see docs/tidy-tables.md) and sweep.json; prints\n" +
            "one row per point with its factor values and the P50 at the end of the horizon of each of the spec's outputs.\n\n" +
            "A spec (docs/analysis.md):\n" +
            "  base: baseline-2023            a built-in or a scenario file (relative to the spec)\n" +
            "  replications: 500              per point (default: the base's)\n" +
            "  seed: 20230101                 every point's (default: the base's)\n" +
            "  design: grid                   grid | lhs | sobol\n" +
            "  samples: 64                    lhs and sobol: the number of points\n" +
            "  factors:\n" +
            "    levers.sgmw_demand_growth: [0, 10, 20, 30]\n" +
            "    levers.project_delay_months: {min: 0, max: 12, steps: 4}\n" +
            "  outputs: [industrial_output, new_urban_jobs]   shown in the table; indicator@scope for a chain or town\n\n" +
            "Examples:\n" +
            "  liubeisim validate examples/sweeps/sgmw-delay.yaml\n" +
            "  liubeisim sweep examples/sweeps/sgmw-delay.yaml --out runs/sgmw-delay\n" +
            "  liubeisim sweep examples/sweeps/sgmw-delay.yaml --out runs/sgmw-delay --resume\n" +
            "  liubeisim sweep my-sweep.yaml --format csv --engine inprocess --parallel 2\n" +
            "  liubeisim sweep examples/sweeps/sgmw-delay.yaml --cluster gateway://127.0.0.1:30000   points run on a `liubeisim serve`")
        {
            spec, output, resume, format, engine, parallel, set, cluster, clusterId, memoryBudget,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(cluster) is not null && parse.GetResult(engine) is { Implicit: false })
            {
                console.Error.WriteLine("--engine and --cluster: give one of them (with --cluster the cluster's silos run the points).");
                return 1;
            }

            var options = new SweepOptions(
                parse.GetValue(spec)!,
                parse.GetValue(output),
                parse.GetValue(resume),
                parse.GetValue(format) ?? Parquet,
                parse.GetValue(engine) ?? RunOptions.Orleans,
                parse.GetValue(parallel))
            {
                Settings = parse.GetValue(set) ?? [],
                Cluster = parse.GetValue(cluster),
                ClusterId = parse.GetValue(clusterId) ?? ClusterOption.DefaultId,
                MemoryBudget = parse.GetValue(memoryBudget),
            };
            if (options.Cluster is not null && options.MemoryBudget is not null)
            {
                console.Error.WriteLine($"{MemoryBudgetOption.Name} and --cluster: the points run on the cluster's silos, whose memory this machine's budget does not describe.");
                return 1;
            }

            using var interrupt = new InterruptSignal(cancellationToken);
            return await SweepExecutor.ExecuteAsync(options, console, interrupt.Token);
        });
        root.Subcommands.Add(command);
        return root;
    }

    /// <summary>The <c>--engine</c> of the commands that run many scenarios.</summary>
    public static Option<string> EngineOption()
    {
        var engine = new Option<string>("--engine")
        {
            Description = "`orleans` (one silo in this process, started once, several runs in flight) or `inprocess` (the reference engine, one run per thread). Same numbers bit for bit.",
            DefaultValueFactory = _ => RunOptions.Orleans,
        };
        engine.AcceptOnlyFromAmong(RunOptions.Orleans, RunOptions.InProcess);
        return engine;
    }
}

/// <summary>What the user asked of <c>liubeisim sweep</c>.</summary>
public sealed record SweepOptions(string Spec, string? Output, bool Resume, string Format, string Engine, int? Parallel)
{
    /// <summary><c>--set KEY=VALUE</c> over the base scenario of every point.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary><c>--cluster URL</c>: run the points on this running cluster; null runs them here.</summary>
    public ClusterAddress? Cluster { get; init; }

    /// <summary><c>--cluster-id</c>: the id of that cluster's silos.</summary>
    public string ClusterId { get; init; } = ClusterOption.DefaultId;

    /// <summary><c>--memory-budget SIZE</c>: the memory the points in flight may take here; null for half of what the runtime may use.</summary>
    public string? MemoryBudget { get; init; }

    public const int MaxParallel = 256;
}
