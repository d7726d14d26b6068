using System.CommandLine;
using System.Globalization;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Scenarios;
using Spectre.Console;

namespace LiubeiSim.Cli.Scenarios;

/// <summary><c>liubeisim scenarios list|show</c>: the scenarios that ship with LiubeiSim.</summary>
public static class ScenariosCommand
{
    public static RootCommand AddScenariosCommand(this RootCommand root, CliConsole console)
    {
        var list = new Command("list", "List the built-in scenarios: what each asks, its horizon, levers, shocks and targets.");
        list.SetAction(_ => List(console));

        var name = new Argument<string>("name") { Description = "A built-in scenario name, e.g. baseline-2023." };
        var show = new Command(
            "show",
            "Print a built-in scenario's YAML, to copy and edit. It is the shipped file plus one commented line for\n" +
            "every lever the scenario does not set, with its unit, range and default for the scenario's base year:\n" +
            "uncomment a line (and '# levers:' if the file has no levers section) to set that lever.\n" +
            "The output parses to the same scenario as the shipped file.\n\n" +
            "Example:\n" +
            "  liubeisim scenarios show baseline-2023 > my.yaml\n" +
            "  liubeisim validate my.yaml\n" +
            "  liubeisim run my.yaml")
        {
            Arguments = { name },
        };
        show.SetAction(parseResult => Show(console, parseResult.GetValue(name) ?? string.Empty));

        var scenarios = new Command("scenarios", "The scenarios that ship with LiubeiSim: list them, or show one as YAML to start your own.")
        {
            Subcommands = { list, show },
        };
        root.Subcommands.Add(scenarios);
        return root;
    }

    /// <summary>
    /// Narrower terminals get one block per scenario instead of the table, whose columns would break words: its longest
    /// unbreakable words (a lever id, a chain id with its comma) and its borders take about 131 columns.
    /// </summary>
    private const int TableMinWidth = 135;

    public static int List(CliConsole console)
    {
        var scenarios = ScenarioLibrary.Names.Select(ScenarioLibrary.Load).ToList();
        if (console.Out.Profile.Width < TableMinWidth)
        {
            WriteList(console.Out, scenarios);
        }
        else
        {
            console.Out.Write(Table(scenarios));
        }

        console.Out.WriteLine("Show one as YAML: liubeisim scenarios show NAME; run one: liubeisim run NAME");
        return 0;
    }

    private static Table Table(List<Scenario> scenarios)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("Name").NoWrap());
        table.AddColumn(new TableColumn("What it asks"));
        table.AddColumn(new TableColumn("Base"));
        table.AddColumn(new TableColumn("Horizon").NoWrap());
        table.AddColumn(new TableColumn("Replications").RightAligned());
        table.AddColumn(new TableColumn("Levers set"));
        table.AddColumn(new TableColumn("Shocks"));
        table.AddColumn(new TableColumn("Targets").RightAligned());
        foreach (var s in scenarios)
        {
            table.AddRow(
                new Text(s.Name),
                new Text(Question(s)),
                new Text(Invariant($"{s.BaseYear}")),
                new Text(Invariant($"{s.Start}, {s.Months} mo")),
                new Text(Invariant($"{s.Replications:N0}")),
                new Text(s.Levers.Count == 0 ? "defaults" : string.Join('\n', Levers(s))),
                new Text(s.Shocks.Count == 0 ? "none" : string.Join('\n', s.Shocks.Select(Describe))),
                new Text(Invariant($"{s.Targets.Count}")));
        }

        return table;
    }

    /// <summary>A block per scenario: its name and question, then its horizon and size, levers and shocks, indented.</summary>
    private static void WriteList(IAnsiConsole console, List<Scenario> scenarios)
    {
        foreach (var s in scenarios)
        {
            console.Write(new Markup($"[bold]{Markup.Escape(s.Name)}[/]"));
            console.WriteLine();
            console.WriteIndented(new Text(Question(s)));
            console.WriteIndented(new Text(Invariant($"base {s.BaseYear}, from {s.Start} for {s.Months} months, {s.Replications:N0} replications, {s.Targets.Count} targets")));
            console.WriteIndented(new Text("levers: " + (s.Levers.Count == 0 ? "defaults" : string.Join(", ", Levers(s)))));
            console.WriteIndented(new Text("shocks: " + (s.Shocks.Count == 0 ? "none" : string.Join("; ", s.Shocks.Select(Describe)))));
            console.WriteLine();
        }
    }

    private static string Question(Scenario s) => s.Description.Split('\n')[0];

    private static IEnumerable<string> Levers(Scenario s) => s.Levers.Select(l => Invariant($"{l.Key} {l.Value}"));

    public static int Show(CliConsole console, string name)
    {
        if (!ScenarioLibrary.TryGetText(name, out var yaml))
        {
            console.Error.WriteLine($"No built-in scenario '{name}'{NameSuggester.Hint(name, ScenarioLibrary.Names)}. Built-ins: {string.Join(", ", ScenarioLibrary.Names)}.");
            return 1;
        }

        // The shipped file, comments included, plus every lever it leaves out as a commented line: a copy shows all
        // a user can set, and still parses to the same scenario.
        var scenario = ScenarioLibrary.Load(name);
        console.Raw.Write(ScenarioLeverAnnotator.Annotate(yaml, scenario, BaseYearDataset.Default));
        return 0;
    }

    private static string Describe(Shock shock)
    {
        var change = shock.Variable switch
        {
            ShockVariable.Delay => Invariant($"delay +{shock.Change} mo"),
            ShockVariable.OutsideCapital => Invariant($"outside capital {shock.Change:+0.##;-0.##;0}%"),
            ShockVariable.Credit => Invariant($"credit {shock.Change:+0.##;-0.##;0}%"),
            _ => Invariant($"demand {shock.Change:+0.##;-0.##;0}%"),
        };
        return Invariant($"{change} on {shock.Target}, {shock.From} for {shock.Months} mo");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
