using System.CommandLine;
using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Cli.Baseline;
using LiubeiSim.Cli.Comparing;
using LiubeiSim.Cli.Keys;
using LiubeiSim.Cli.Levers;
using LiubeiSim.Cli.Reporting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Cli.Runs;
using LiubeiSim.Cli.Scenarios;
using LiubeiSim.Cli.Seek;
using LiubeiSim.Cli.Sensitivity;
using LiubeiSim.Cli.Serving;
using LiubeiSim.Cli.Sweeps;
using LiubeiSim.Cli.Validation;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Hosting;

/// <summary>The <c>liubeisim</c> command tree, composed from one extension method per feature.</summary>
public static class CliApplication
{
    public static RootCommand BuildRootCommand(CliConsole console)
    {
        // Lines of at most 78 columns: the help indents them by two, and an 80-column terminal must not wrap them.
        var root = new RootCommand(
            "LiubeiSim simulates the economy of Liubei district (柳北区, Liuzhou, Guangxi).\n" +
            "From the district's 2022 base year (every figure quoted, derived or a named\n" +
            "assumption) it projects 2023 month by month under what-if scenarios, with\n" +
            "Monte Carlo uncertainty.\n\n" +
            "Start here:\n" +
            "  liubeisim baseline                the base year and each number's source\n" +
            "  liubeisim levers                  what a scenario can set: defaults, sources\n" +
            "  liubeisim scenarios list          the scenarios that ship with LiubeiSim\n" +
            "  liubeisim run baseline-2023       P10/P50/P90 and target probabilities\n" +
            "  liubeisim compare baseline-2023 sgmw-125-boost\n" +
            "                                    the difference a scenario makes, paired\n" +
            "  liubeisim scenarios show baseline-2023 > my.yaml\n" +
            "                                    a copy to edit, then validate my.yaml\n" +
            "  liubeisim report runs/cmp --out cmp.html\n" +
            "                                    an HTML report of a run or a comparison\n" +
            "  liubeisim sweep examples/sweeps/sgmw-delay.yaml\n" +
            "                                    a grid of lever values, into Parquet\n" +
            "  liubeisim sensitivity examples/sweeps/sensitivity-3.yaml --method sobol\n" +
            "                                    which factors move the outputs most\n" +
            "  liubeisim seek baseline-2023 --lever levers.sgmw_demand_growth\n" +
            "      --target \"Industrial revival\" --probability 0.8\n" +
            "                                    the lever value that meets a target\n" +
            "  liubeisim serve                   the HTTP API and the planners' workbench\n" +
            "  liubeisim runs list --cluster gateway://127.0.0.1:30000\n" +
            "                                    the runs of a running cluster\n" +
            "  liubeisim keys create --name alice --role planner\n" +
            "                                    an API key for the service's HTTP API");
        root.AddBaselineCommand(console);
        root.AddLeversCommand(console);
        root.AddScenariosCommand(console);
        root.AddValidateCommand(console);
        root.AddRunCommand(console);
        root.AddCompareCommand(console);
        root.AddReportCommand(console);
        root.AddSweepCommand(console);
        root.AddSensitivityCommand(console);
        root.AddSeekCommand(console);
        root.AddServeCommand(console);
        root.AddRunsCommand(console);
        root.AddKeysCommand(console);
        // With no command at all, the page that says where to start.
        var help = RootHelp.Install(root, console.Out.Profile.Width);
        root.SetAction(help.Invoke);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand(console);
        var parse = root.Parse(args);
        var parseError = parse.Action is System.CommandLine.Invocation.ParseErrorAction;
        if (parse.Action is System.CommandLine.Invocation.ParseErrorAction action)
        {
            // The message names the option and what it accepts; a page of help after it would bury it.
            action.ShowHelp = false;

            // Typo corrections would go to stdout, where a script reads results; the error on stderr names the token.
            action.ShowTypoCorrections = false;
        }

        var configuration = new InvocationConfiguration { Output = console.Raw, Error = console.Error };
        var exit = await parse.InvokeAsync(configuration, cancellationToken);
        if (parseError)
        {
            var command = parse.CommandResult.Command;
            var path = command == root ? string.Empty : string.Join(' ', Ancestry(command).Where(c => c != root).Select(c => c.Name)) + " ";
            if (Suggestion(command, parse.UnmatchedTokens.FirstOrDefault(), path) is { } suggestion)
            {
                console.Error.WriteLine(suggestion);
            }

            console.Error.WriteLine($"See `liubeisim {path}--help` for what each option accepts.");
        }

        return exit;
    }

    /// <summary>The command or option nearest a mistyped one, or what a command that takes a command takes.</summary>
    private static string? Suggestion(Command command, string? typed, string path)
    {
        if (typed is not null && typed.StartsWith('-'))
        {
            var options = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
            return NameSuggester.Nearest(typed, options) is { } option ? $"Did you mean {option}?" : null;
        }

        var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (commands.Count == 0)
        {
            return null;
        }

        // A scenario or a file where the command belongs: the command left out (`liubeisim baseline-2023`).
        if (typed is not null && path.Length == 0 && (ScenarioLibrary.Names.Contains(typed) || File.Exists(typed)))
        {
            return $"Did you mean `liubeisim {(SweepSpecParser.IsSweepSpec(typed) ? "sweep" : "run")} {typed}`?";
        }

        return typed is not null && NameSuggester.Nearest(typed, commands) is { } near
            ? $"Did you mean `liubeisim {path}{near}`?"
            : $"`{("liubeisim " + path).TrimEnd()}` takes a command: {string.Join(", ", commands)}.";
    }

    private static IEnumerable<Command> Ancestry(Command command)
    {
        var chain = new List<Command>();
        for (Command? c = command; c is not null && chain.Count < 8; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            chain.Add(c);
        }

        chain.Reverse();
        return chain;
    }
}
