using System.CommandLine;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Baseline;

/// <summary><c>liubeisim baseline</c>: the 2022 base year, every figure with its source.</summary>
public static class BaselineCommand
{
    private const string KindHelp =
        "Every figure has exactly one kind:\n" +
        "  reported    quoted from the report; the source is the Chinese sentence, verbatim\n" +
        "  derived     computed from other figures; the source is the formula over figure ids\n" +
        "  assumption  not in the report; the source names the reason or the outside publication (overridable)\n" +
        "  not-stated  the report mentions it but the number was lost in this copy; never filled in\n" +
        "  overridden  an assumption a scenario replaced (--scenario FILE with an assumptions: block, or --set)";

    public static RootCommand AddBaselineCommand(this RootCommand root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(console);

        var json = new Option<bool>("--json")
        {
            Description = "Write the report, entities and figures as JSON (to stdout) instead of tables.",
        };
        var kind = new Option<string?>("--kind")
        {
            Description = "Show only figures of this kind: reported, derived, assumption, not-stated, or overridden (with --scenario or --set).",
            HelpName = "kind",
        };
        kind.AcceptOnlyFromAmong([.. FigureKindNames.All]);
        var scenario = new Option<string?>("--scenario")
        {
            Description = "Show the base year as this scenario (a file or a built-in name) runs it: its assumption overrides applied (kind: overridden) and the figures derived from them recomputed. With --set alone, the overrides apply to baseline-2023.",
            HelpName = "FILE",
        };
        var set = SetOption.Create();

        var command = new Command(
            "baseline",
            "Show the 2022 base year of Liubei district (柳北区): the district, the industry chains, the projects\n" +
            "and the towns, as the Liuzhou Daily report gives them, with the source of every number.\n\n" +
            KindHelp);
        command.Options.Add(json);
        command.Options.Add(kind);
        command.Options.Add(scenario);
        command.Options.Add(set);
        command.SetAction(parseResult =>
        {
            FigureKind? filter = null;
            if (parseResult.GetValue(kind) is { } name)
            {
                if (!FigureKindNames.TryParse(name, out var parsed))
                {
                    console.Error.WriteLine($"Unknown kind '{name}'. Use one of: {string.Join(", ", FigureKindNames.All)}.");
                    return 2;
                }

                filter = parsed;
            }

            if (!ShippedData.TryLoad(console, out var dataset))
            {
                return 1;
            }

            var settings = parseResult.GetValue(set) ?? [];
            if (parseResult.GetValue(scenario) is not null || settings.Length > 0)
            {
                var parsed = ScenarioLibrary.Resolve(parseResult.GetValue(scenario) ?? "baseline-2023", settings);
                if (!parsed.IsValid)
                {
                    Validation.ProblemPrinter.Print(console, parsed.Problems);
                    return 1;
                }

                dataset = ModelParameters.WithScenarioOverrides(dataset, parsed.Scenario);
            }

            if (parseResult.GetValue(json))
            {
                BaselineJsonWriter.Write(dataset, filter, console.Raw);
            }
            else
            {
                BaselineTableView.Render(dataset, filter, console.Out);
            }

            return 0;
        });
        root.Subcommands.Add(command);
        return root;
    }
}
