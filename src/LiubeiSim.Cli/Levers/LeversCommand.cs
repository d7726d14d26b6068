using System.CommandLine;
using System.Globalization;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.District;

namespace LiubeiSim.Cli.Levers;

/// <summary><c>liubeisim levers</c>: every lever a scenario may set, with its range, its default for a base year and where that default comes from.</summary>
public static class LeversCommand
{
    /// <summary>The report's year: what a scenario projecting 2023 starts from.</summary>
    public const int DefaultBaseYear = 2022;

    public static RootCommand AddLeversCommand(this RootCommand root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(console);

        var baseYears = BaseYearDataset.Default.BaseYears;
        var json = new Option<bool>("--json")
        {
            Description = "Write the levers as a JSON array (to stdout) instead of a table: one object per lever with name, description, unit, min, max, default, defaultFigure, kind, source and moves.",
        };
        // Text, not int: a mistyped year ('22', 'latest') gets the same message, naming the years allowed, as an unknown one.
        var baseYear = new Option<string>("--base")
        {
            Description = $"Base year whose defaults to show: {string.Join(" or ", baseYears.Select(b => b.Year))}.",
            HelpName = "year",
            DefaultValueFactory = _ => DefaultBaseYear.ToString(CultureInfo.InvariantCulture),
        };

        var command = new Command("levers", HelpText(baseYears)) { json, baseYear };
        command.SetAction(parseResult => Run(console, parseResult.GetValue(baseYear), parseResult.GetValue(json)));
        root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Prints the levers; 0 on success, 1 for a base year the data does not have.</summary>
    public static int Run(CliConsole console, string? baseYear, bool json)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (!ShippedData.TryLoad(console, out var dataset))
        {
            return 1;
        }

        var year = int.TryParse(baseYear, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        var info = dataset.BaseYears.FirstOrDefault(b => b.Year == year);
        if (info is null)
        {
            var allowed = string.Join(" or ", dataset.BaseYears.Select(b => $"{b.Year} ({b.Name})"));
            console.Error.WriteLine($"Unknown base year '{baseYear}'. Use --base {allowed}.");
            return 1;
        }

        var levers = LeverDefault.For(dataset, info.Year);
        if (json)
        {
            LeverJsonWriter.Write(levers, console.Raw);
        }
        else
        {
            LeverTableView.Render(levers, info, console.Out);
        }

        return 0;
    }

    private static string HelpText(IReadOnlyList<BaseYearInfo> baseYears)
    {
        var years = string.Join(Environment.NewLine, baseYears.Select(b => $"  {b.Year}  {b.Name}"));
        return $"""
            List the levers: the named policy variables a scenario may set under 'levers:'. For each lever: its unit,
            the range a scenario file may use, its default for the base year, what it moves in the model, and where
            that default comes from (its kind, reported, derived or assumption, and its source, as in 'liubeisim baseline').

            A scenario that leaves a lever out runs with its default. Defaults depend on the scenario's base year:
            {years}

            Examples:
              liubeisim levers                       the levers with their defaults for base {DefaultBaseYear}
              liubeisim levers --base 2021           the defaults the backtest (backtest-2022) starts from
              liubeisim levers --json | jq -r '.[] | "\(.name) \(.default)"'
              liubeisim scenarios show baseline-2023 > my.yaml
                                                     a scenario with every lever as a commented line: uncomment, edit,
                                                     then liubeisim validate my.yaml
            """;
    }
}
