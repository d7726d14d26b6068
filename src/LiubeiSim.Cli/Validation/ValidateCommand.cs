using System.CommandLine;
using System.Globalization;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Scenarios;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Validation;

/// <summary><c>liubeisim validate FILE</c>: checks a scenario file and reports every problem at once.</summary>
public static class ValidateCommand
{
    public static RootCommand AddValidateCommand(this RootCommand root, CliConsole console)
    {
        var file = new Argument<string>("file")
        {
            Description = "A scenario file (YAML), the name of a built-in scenario (see 'liubeisim scenarios list'), or a sweep spec (a YAML file with factors:, see 'liubeisim sweep --help').",
        };
        var set = SetOption.Create();
        var command = new Command("validate", HelpText()) { Arguments = { file }, Options = { set } };
        command.SetAction(parseResult => Run(console, parseResult.GetValue(file) ?? string.Empty, parseResult.GetValue(set) ?? []));
        root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Validates and prints the outcome; 0 when valid, 1 otherwise.</summary>
    public static int Run(CliConsole console, string file, IReadOnlyList<string>? settings = null)
    {
        if (SweepSpecParser.IsSweepSpec(file))
        {
            return RunSweepSpec(console, file, settings);
        }

        var result = ScenarioLibrary.Resolve(file, settings);
        if (!result.IsValid)
        {
            ProblemPrinter.Print(console, result.Problems);
            return 1;
        }

        // Raw, not the Spectre console: one unwrapped line that scripts can grep.
        console.Raw.WriteLine(Summary(file, result.Scenario));
        BuiltInNameNote.WriteIfShared(console, file, result.Scenario, settings);
        return 0;
    }

    /// <summary>A sweep spec (a file with <c>factors</c>): its problems, or how many points it runs.</summary>
    private static int RunSweepSpec(CliConsole console, string file, IReadOnlyList<string>? settings)
    {
        if (settings is { Count: > 0 })
        {
            console.Error.WriteLine($"{file}: a sweep spec (it has factors:); --set applies to scenarios. Put fixed values in the spec's base scenario, or vary them as factors.");
            return 1;
        }

        var result = SweepSpecParser.ParseFile(file);
        if (!result.IsValid)
        {
            ProblemPrinter.Print(console, result.Problems, ProblemPrinter.ExampleSweep);
            return 1;
        }

        console.Raw.WriteLine(SweepSummary(file, result.Spec!));
        return 0;
    }

    public static string SweepSummary(string file, SweepSpec spec) => string.Create(
        CultureInfo.InvariantCulture,
        $"{file}: valid — sweep of {spec.CreateDesign().Count:N0} points × {spec.Replications:N0} replications ({spec.DesignName} design over {Count(spec.Factors.Count, "factor")} of {spec.BaseScenario.Name}, seed {spec.Seed}{(spec.Outputs.Count > 0 ? ", outputs " + string.Join(", ", spec.Outputs.Select(o => o.Label)) : string.Empty)})");

    public static string Summary(string file, Scenario s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{file}: valid — scenario {s.Name}, {s.Months} months from {s.Start}, {s.Replications:N0} replications, {Count(s.Levers.Count, "lever")}, {Count(s.Shocks.Count, "shock")}, {Count(s.Targets.Count, "target")}{(s.Assumptions.Count > 0 ? ", " + Count(s.Assumptions.Count, "assumption override") : string.Empty)}");

    private static string Count(int n, string thing) => string.Create(CultureInfo.InvariantCulture, $"{n} {thing}{(n == 1 ? string.Empty : "s")}");

    private static string HelpText()
    {
        var levers = string.Join(
            Environment.NewLine,
            LeverCatalog.All.Select(l => string.Create(CultureInfo.InvariantCulture, $"    {l.Name,-28} {l.Min} to {l.Max} {l.Unit}")));
        return $"""
            Check a scenario file and report every problem, one line each:
              FILE:LINE:COL: field: what is wrong; what is allowed
            Exit code 0 when the file is valid, 1 when it is not.

            Scenario files are YAML, keys in lower snake case. A '#' comment block at the top says what the
            scenario asks; it becomes the description unless 'description' is set.
              name: my-scenario        required; lower-case letters, digits and '-', up to 64
              description: ...         optional text
              base: 2022               required; 2022 (the report's year) or 2021 (the backtest)
              horizon:
                start: 2023-01         required; the January after base (a later year: more months)
                months: 12             1 to 120 (default 12)
              replications: 1000       1 to 1000000 (default 1000)
              seed: 20230101           0 to 18446744073709551615
              levers:                  optional; unset levers keep their base-year default
                sgmw_demand_growth: 20
              assumptions:             optional; model assumptions replaced, by figure id
                chain.auto_parts_machinery.jobs_per_output: 55
                                       (liubeisim baseline --kind assumption lists them, with units)
              shocks:                  optional list
                - name: SGMW ramp-up   optional label
                  target: auto_parts_machinery
                  variable: demand     demand (a chain) | delay (a project, or liubei for all)
                                       | outside_capital (liubei) | credit (liubei)
                  from: 2023-04
                  months: 6            1 to 120
                  change: 10           percent, -100 to 500; for delay: months, 0 to 36
              targets:                 optional list
                - name: Industrial revival
                  indicator: industrial_output
                  scope: district      district (default), a chain or a town, where the indicator has one
                  direction: at-least  at-least | at-most
                  threshold: 5
                  measure: growth      level (indicator unit, default) | growth (% over the base year)
            Plain values are numbers or booleans when they read as one; quoted values are always text.
            Anchors, aliases, tags and several documents per file are not accepted.

            Levers:
            {levers}

            --set KEY=VALUE applies a value over the file first (levers.X=N, assumptions.ID=N, horizon.months=N, ...);
            its problems are reported as `--set KEY=VALUE: field: ...`.

            Start from a built-in: liubeisim scenarios show baseline-2023 > my.yaml

            A file with a `factors:` key is a sweep spec (see `liubeisim sweep --help`, docs/analysis.md); it is checked
            the same way, each factor's key and values applied to its base scenario as --set KEY=VALUE, and is valid as
              FILE: valid — sweep of N points × R replications (...)
            Examples:
              liubeisim validate my.yaml
              liubeisim validate baseline-2023 --set levers.sgmw_demand_growth=20
              liubeisim validate examples/sweeps/sgmw-delay.yaml
            """;
    }
}
