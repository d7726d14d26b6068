using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiubeiSim.Analysis.Sensitivity;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Cli.Sweeps;
using LiubeiSim.Cli.Validation;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Cli.Seek;

/// <summary><c>liubeisim seek SCENARIO --lever L --target T --probability P</c>: the lever value that meets a target with a probability.</summary>
public static class SeekCommand
{
    /// <summary>Exit code when no value of the lever's range meets the target with the probability asked.</summary>
    public const int NotReachedExit = 2;

    public static RootCommand AddSeekCommand(this RootCommand root, CliConsole console)
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "A built-in scenario name (see `liubeisim scenarios list`) or a scenario YAML file; its targets are the ones that can be sought.",
        };
        var lever = new Option<string>("--lever", "-l")
        {
            Description = "The lever to move, levers.<lever> (see `liubeisim levers`); it is searched over its whole range.",
            Required = true,
            HelpName = "levers.NAME",
        };
        var target = new Option<string>("--target", "-t")
        {
            Description = "The name of one of the scenario's targets, e.g. \"Industrial revival\" (quote names with spaces).",
            Required = true,
            HelpName = "NAME",
        };
        var probability = new Option<double>("--probability", "-p")
        {
            Description = "The probability of meeting the target to reach, from 0 to 1, e.g. 0.8.",
            Required = true,
            HelpName = "P",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print only {\"lever\": ..., \"value\": ..., \"probability\": ..., \"runs\": ...} on stdout (progress stays on stderr).",
        };
        var replications = new Option<int?>("--replications", "-r")
        {
            Description = "Replications of every run (1 to 1,000,000); overrides the scenario's. More replications, a finer probability.",
            HelpName = "N",
        };
        var seed = new Option<ulong?>("--seed", "-s")
        {
            Description = "Seed of every run (the same for each: common random numbers), 0 to 2^64-1; overrides the scenario's.",
            HelpName = "SEED",
        };
        var set = SetOption.Create();
        var engine = SweepCommand.EngineOption();

        var command = new Command("seek", "Find the lever value at which a target is met with a given probability.\n\n" +
            "Runs the scenario at lever values chosen by bisection, every run with the same seed (common random numbers), so\n" +
            "the probability of meeting the target is a steady step function of the lever and the search is sound. The\n" +
            "direction comes from the two ends of the lever's range: when the probability rises with the lever the answer is\n" +
            "the smallest value that reaches it, when it falls the largest. It stops when the bracket is within 1/1000 of the\n" +
            "range (or after 40 runs). Prints the value, its probability and how many runs it took.\n\n" +
            "Exit code 0 when found; 2 when no value in the lever's range reaches the probability (the best value and its\n" +
            "probability are printed); 1 for a problem with the arguments or the scenario.\n\n" +
            "Examples:\n" +
            "  liubeisim seek baseline-2023 --lever levers.sgmw_demand_growth --target \"Industrial revival\" --probability 0.8\n" +
            "  liubeisim seek baseline-2023 --lever levers.new_projects_per_year --target \"Projects introduced\" --probability 0.9 -r 2000\n" +
            "  liubeisim seek my-scenario.yaml --lever levers.sgmw_demand_growth --target \"New urban jobs\" --probability 0.5 --json\n" +
            "  liubeisim seek baseline-2023 --lever levers.sgmw_demand_growth --target \"Industrial revival\" -p 0.8 --set levers.project_delay_months=6")
        {
            scenario, lever, target, probability, json, replications, seed, set, engine,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SeekOptions(
                parse.GetValue(scenario)!,
                parse.GetValue(lever)!,
                parse.GetValue(target)!,
                parse.GetValue(probability),
                parse.GetValue(json),
                parse.GetValue(replications),
                parse.GetValue(seed),
                parse.GetValue(set) ?? [],
                parse.GetValue(engine) ?? RunOptions.Orleans);
            using var interrupt = new InterruptSignal(cancellationToken);
            return await ExecuteAsync(options, console, interrupt.Token);
        });
        root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> ExecuteAsync(SeekOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var settings = new List<string>(options.Settings);
        if (options.Replications is { } r)
        {
            settings.Add(string.Create(CultureInfo.InvariantCulture, $"replications={r}"));
        }

        if (options.Seed is { } s)
        {
            settings.Add(string.Create(CultureInfo.InvariantCulture, $"seed={s}"));
        }

        if (WrongCommand.IsSweepSpecForScenario(console, options.Scenario, "seek"))
        {
            return 1;
        }

        var parsed = ScenarioLibrary.Resolve(options.Scenario, settings);
        if (!parsed.IsValid)
        {
            ProblemPrinter.Print(console, parsed.Problems);
            console.Error.WriteLine($"{options.Scenario}: not run; fix the problem(s) above.");
            return 1;
        }

        var scenario = parsed.Scenario;
        if (FindLever(options, settings, console) is not { } lever)
        {
            return 1;
        }

        var targetIndex = FindTarget(scenario, options.Target);
        if (targetIndex < 0)
        {
            console.Error.WriteLine(scenario.Targets.Count == 0
                ? $"--target '{options.Target}': scenario {scenario.Name} has no targets; add one under targets: in a scenario file (see `liubeisim validate --help`)."
                : $"--target '{options.Target}': no such target in scenario {scenario.Name}. Its targets:{Environment.NewLine}{string.Join(Environment.NewLine, scenario.Targets.Select(t => $"  \"{t.Name}\"  ({t.Indicator}{(t.Scope == Model.Engine.SeriesKey.DistrictScope ? string.Empty : "@" + t.Scope)} {RunSummaryView.Describe(t, Model.Indicators.IndicatorCatalog.Get(t.Indicator).Unit)})"))}");
            return 1;
        }

        if (!(options.Probability >= 0 && options.Probability <= 1))
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--probability {options.Probability}: out of range; a probability from 0 to 1, e.g. 0.8."));
            return 1;
        }

        var preflight = RunPreflight.Check(scenario, null);
        if (preflight.Count > 0)
        {
            foreach (var message in preflight)
            {
                console.Error.WriteLine(message);
            }

            return 1;
        }

        var target = scenario.Targets[targetIndex];
        var key = $"levers.{lever.Name}";
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}: seeking {key} in {lever.Min}..{lever.Max} {lever.Unit} for P({target.Name}) ≥ {options.Probability}; {scenario.Replications:N0} replications, seed {scenario.Seed} every run; engine {options.Engine}"));

        GoalSeekResult result;
        try
        {
            await using var engine = await SimulationEngine.StartAsync(options.Engine, cancellationToken);
            var runs = 0;
            async Task<double> ProbabilityAt(double raw, CancellationToken token)
            {
                // A whole lever (months of delay) is run at the nearest whole value: the probability stays monotone in
                // the raw value, and the answer below is that whole value, the one actually run.
                var value = lever.Whole ? Math.Round(raw, MidpointRounding.AwayFromZero) : raw;
                var point = ScenarioLibrary.Resolve(options.Scenario, [.. settings, $"{key}={RunReport.Number(value)}"]);
                if (!point.IsValid)
                {
                    // The lever's own range was checked; anything else is the scenario's, already valid: a bug if seen.
                    throw new InvalidOperationException(string.Join(Environment.NewLine, point.Problems));
                }

                var run = await engine.RunAsync(point.Scenario, null, token);
                var p = run.Targets[targetIndex].Probability;
                runs++;
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {runs}: {key} = {Value(value)} → P({target.Name}) = {p:0.000}"));
                return p;
            }

            try
            {
                result = await GoalSeek.FindAsync(ProbabilityAt, lever.Min, lever.Max, options.Probability, tolerance: lever.Whole ? 0.5 : null, cancellationToken: cancellationToken);
                if (lever.Whole)
                {
                    result = result with { Value = Math.Round(result.Value, MidpointRounding.AwayFromZero) };
                }
            }
            catch (OperationCanceledException)
            {
                await engine.AbandonAsync();
                throw;
            }
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine($"{scenario.Name}: cancelled; no answer.");
            return 130;
        }
        catch (SimulationFailedException e)
        {
            console.Error.WriteLine($"{scenario.Name}: a run failed, so the search stopped. {e.Message}");
            return 1;
        }

        if (options.Json)
        {
            var json = new JsonObject
            {
                ["lever"] = key,
                ["value"] = result.Value,
                ["probability"] = result.Probability,
                ["runs"] = result.Runs,
            };
            console.Raw.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        }

        var what = string.Create(CultureInfo.InvariantCulture, $"P({target.Name}) ≥ {options.Probability:0.###}");
        var done = string.Create(CultureInfo.InvariantCulture, $"{result.Runs} runs of {scenario.Replications:N0} replications, seed {scenario.Seed}");
        var report = options.Json ? console.Error : console.Raw;
        if (!result.Reached)
        {
            report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"No value of {key} from {lever.Min} to {lever.Max} {lever.Unit} reaches {what}: the best is {key} = {Value(result.Value)}, with P = {result.Probability:0.000} ({done})."));
            return NotReachedExit;
        }

        var why = result.Direction switch
        {
            GoalDirection.Increasing when result.Value == lever.Min => "already at the lower end of its range: every value reaches it",
            GoalDirection.Decreasing when result.Value == lever.Max => "already at the upper end of its range: every value reaches it",
            GoalDirection.Flat => "the probability is the same at both ends of the range, and reaches it",
            GoalDirection.Increasing => "the smallest value that does; the probability rises with the lever",
            _ => "the largest value that does; the probability falls as the lever rises",
        };
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{key} = {Value(result.Value)} {lever.Unit} gives P = {result.Probability:0.000}, reaching {what}: {why} ({done})."));
        return 0;
    }

    private static LeverDefinition? FindLever(SeekOptions options, IReadOnlyList<string> settings, CliConsole console)
    {
        const string prefix = "levers.";
        if (!options.Lever.StartsWith(prefix, StringComparison.Ordinal))
        {
            var hint = LeverCatalog.TryGet(options.Lever, out _) ? $" (did you mean 'levers.{options.Lever}'?)" : string.Empty;
            console.Error.WriteLine($"--lever {options.Lever}: seek moves a lever, written levers.<lever>{hint}; `liubeisim levers` lists them.");
            return null;
        }

        if (LeverCatalog.TryGet(options.Lever[prefix.Length..], out var lever))
        {
            return lever;
        }

        // The scenario validator names the lever nearest to a misspelt one.
        var probe = ScenarioLibrary.Resolve(options.Scenario, [.. settings, $"{options.Lever}=0"]);
        foreach (var problem in probe.Problems)
        {
            console.Error.WriteLine($"--lever {options.Lever}: {problem.Message}; {problem.Allowed}");
        }

        if (probe.IsValid)
        {
            console.Error.WriteLine($"--lever {options.Lever}: not a lever; `liubeisim levers` lists them.");
        }

        return null;
    }

    private static int FindTarget(Scenario scenario, string name)
    {
        for (var i = 0; i < scenario.Targets.Count; i++)
        {
            if (string.Equals(scenario.Targets[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        // Case is a slip, not a different target, when only one name matches that way.
        var loose = scenario.Targets.Select((t, i) => (t, i)).Where(x => string.Equals(x.t.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return loose.Count == 1 ? loose[0].i : -1;
    }

    private static string Value(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>What the user asked of <c>liubeisim seek</c>.</summary>
public sealed record SeekOptions(string Scenario, string Lever, string Target, double Probability, bool Json, int? Replications, ulong? Seed, IReadOnlyList<string> Settings, string Engine);
