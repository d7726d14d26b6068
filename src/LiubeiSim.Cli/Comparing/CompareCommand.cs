using System.CommandLine;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;

namespace LiubeiSim.Cli.Comparing;

/// <summary><c>liubeisim compare A [B]</c>: B against A with common random numbers, or a scenario against its own control.</summary>
public static class CompareCommand
{
    public static RootCommand AddCompareCommand(this RootCommand root, CliConsole console)
    {
        var first = new Argument<string>("A")
        {
            Description = "The reference scenario (a built-in name or a YAML file). Given alone, it is the alternative and its control (every lever at its default, no shocks) is the reference.",
        };
        var second = new Argument<string?>("B")
        {
            Description = "The alternative scenario (a built-in name or a YAML file).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var set = SetOption.Create();
        set.Description = "Set a value over the alternative (B, or the one scenario given), repeatable; see `liubeisim run --help`. Example: --set levers.sgmw_demand_growth=20";
        var setA = new Option<string[]>("--set-a")
        {
            Description = "Set a value over the reference A, repeatable (same keys as --set).",
            HelpName = "KEY=VALUE",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var replications = NumberOptions.Int("--replications", "-r", 1, RunOptions.MaxReplications, "Replications for both (1 to 1,000,000); default: A's `replications`.");
        var seed = NumberOptions.Seed("Seed for both (0 to 18446744073709551615); default: A's `seed`.");
        var output = PathOptions.OutputDirectory("Directory to write compare.csv, compare-monthly.csv, compare.json and each side's run files (a/, b/) into. Checked before anything runs.");
        var unpaired = new Option<bool>("--unpaired")
        {
            Description = "Give B a seed of its own (A's + 1) instead of A's: shows how much wider the difference is without common random numbers.",
        };
        var all = new Option<bool>("--all")
        {
            Description = "Show every indicator for every chain and town as rows, not only the district and chain output.",
        };
        var format = OutputFormatOption.Create("table (default; fits an 80-column terminal; a wider one, or a file, gets every id whole), csv (compare.csv), json (compare.json) or md (Markdown)");
        var json = new Option<bool>("--json")
        {
            Description = "Print compare.json on stdout instead of the tables (the same as --format json); progress stays on stderr.",
        };

        var memoryBudget = MemoryBudgetOption.Create();
        var command = new Command("compare", "Compare two scenarios, or one against its control, with common random numbers.\n\n" +
            "Both run with the same seed and replications, so replication r of A and of B see the same draws and B − A\n" +
            "is the scenario's effect with most of the Monte Carlo noise removed. For each indicator: A's and B's P50,\n" +
            "the paired difference's P50 and P10..P90, and P(B > A); for each target: its probability in A and in B.\n\n" +
            "Examples:\n" +
            "  liubeisim compare baseline-2023 sgmw-125-boost\n" +
            "  liubeisim compare sgmw-125-boost                       (its control against it)\n" +
            "  liubeisim compare baseline-2023 baseline-2023 --set levers.sgmw_demand_growth=20 --set levers.project_delay_months=6\n" +
            "  liubeisim compare baseline-2023 sgmw-125-boost -r 5000 --out runs/sgmw-vs-baseline\n" +
            "  liubeisim report runs/sgmw-vs-baseline --out sgmw.html   (a shareable HTML report of it)")
        {
            first, second, set, setA, replications, seed, output, unpaired, all, format, json, memoryBudget,
        };
        // Accepted only to be refused with the reason (rather than "unrecognized option"): a comparison needs every
        // replication's values of both sides every month, which the in-process engine keeps; grain runs return statistics.
        var cluster = new Option<string?>("--cluster") { Hidden = true };
        command.Options.Add(cluster);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetResult(cluster) is not null)
            {
                console.Error.WriteLine(
                    "compare --cluster: not supported: a paired comparison needs every replication's values of both sides every month, " +
                    "which only the in-process engine keeps (a run on grains returns its statistics). Run compare here without --cluster, " +
                    "or run each side on the cluster: `liubeisim run A --cluster URL --out runs/a` and `liubeisim run B --cluster URL --out runs/b`.");
                return 1;
            }

            if (parse.GetValue(json) && parse.GetResult(format) is { Implicit: false })
            {
                console.Error.WriteLine("--json and --format: give one of them (--json is --format json).");
                return 1;
            }

            var options = new CompareOptions(
                parse.GetValue(first)!,
                parse.GetValue(second),
                parse.GetValue(set) ?? [],
                parse.GetValue(setA) ?? [],
                parse.GetValue(replications),
                parse.GetValue(seed),
                parse.GetValue(output),
                !parse.GetValue(unpaired),
                parse.GetValue(all),
                parse.GetValue(json) ? OutputFormat.Json : OutputFormatOption.Parse(parse.GetValue(format)))
            {
                MemoryBudget = parse.GetValue(memoryBudget),
            };
            using var interrupt = new InterruptSignal(cancellationToken);
            return await Task.Factory.StartNew(() => CompareExecutor.Execute(options, console, interrupt.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        });
        root.Subcommands.Add(command);
        return root;
    }
}

/// <summary>What the user asked of <c>liubeisim compare</c>.</summary>
public sealed record CompareOptions(
    string First,
    string? Second,
    IReadOnlyList<string> SettingsB,
    IReadOnlyList<string> SettingsA,
    int? Replications,
    ulong? Seed,
    DirectoryInfo? Output,
    bool Paired,
    bool All,
    OutputFormat Format)
{
    /// <summary><c>--memory-budget SIZE</c>: the memory both sides may take here; null for half of what the runtime may use.</summary>
    public string? MemoryBudget { get; init; }
}
