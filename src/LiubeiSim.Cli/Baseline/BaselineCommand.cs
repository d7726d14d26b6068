using System.CommandLine;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.District;

namespace LiubeiSim.Cli.Baseline;

/// <summary><c>liubeisim baseline</c>: the 2022 base year, every figure with its source.</summary>
public static class BaselineCommand
{
    private const string KindHelp =
        "Every figure has exactly one kind:\n" +
        "  reported    quoted from the report; the source is the Chinese sentence, verbatim\n" +
        "  derived     computed from other figures; the source is the formula over figure ids\n" +
        "  assumption  not in the report; the source names the reason or the outside publication (overridable)\n" +
        "  not-stated  the report mentions it but the number was lost in this copy; never filled in";

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
            Description = "Show only figures of this kind: reported, derived, assumption or not-stated.",
            HelpName = "kind",
        };
        kind.AcceptOnlyFromAmong([.. FigureKindNames.All]);

        var command = new Command(
            "baseline",
            "Show the 2022 base year of Liubei district (柳北区): the district, the industry chains, the projects\n" +
            "and the towns, as the Liuzhou Daily report gives them, with the source of every number.\n\n" +
            KindHelp);
        command.Options.Add(json);
        command.Options.Add(kind);
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
