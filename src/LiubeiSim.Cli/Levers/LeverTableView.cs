using System.Globalization;
using LiubeiSim.Model.District;
using LiubeiSim.Cli.Hosting;
using Spectre.Console;

namespace LiubeiSim.Cli.Levers;

/// <summary>The levers as one table: name and meaning, unit, range, default, what it moves, where the default comes from.</summary>
internal static class LeverTableView
{
    public static void Render(IReadOnlyList<LeverDefault> levers, BaseYearInfo baseYear, IAnsiConsole console)
    {
        console.Write(new Paragraph($"Levers, with their defaults for base {baseYear.Year} ({baseYear.Name})", new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        console.Write(new Text("A scenario sets a lever under 'levers:'; a lever it leaves out keeps this default."));
        console.WriteLine();
        console.WriteLine();

        if (console.Profile.Width < TableMinWidth)
        {
            WriteList(levers, baseYear, console);
        }
        else
        {
            console.Write(Table(levers, baseYear));
        }

        console.Write(new Text(
            "Exact defaults: liubeisim levers --json. Every figure: liubeisim baseline.\n" +
            "Set levers in your own scenario: liubeisim scenarios show baseline-2023 > my.yaml, uncomment and edit."));
        console.WriteLine();
    }

    /// <summary>
    /// Narrower terminals get a block per lever: the table's prose column would be a word or two wide there and fold
    /// figure ids mid-word (as <c>baseline</c> and <c>scenarios list</c> do below their widths). From 100 columns the
    /// table's prose has room.
    /// </summary>
    private const int TableMinWidth = 100;

    private static void WriteList(IReadOnlyList<LeverDefault> levers, BaseYearInfo baseYear, IAnsiConsole console)
    {
        foreach (var (lever, figure, value) in levers)
        {
            console.Write(new Markup(Invariant($"[bold]{Markup.Escape(lever.Name)}[/]  default {Number(value)} {Markup.Escape(lever.Unit)} for {baseYear.Year}, range {Number(lever.Min)}..{Number(lever.Max)}")));
            console.WriteLine();
            console.WriteIndented(new Text(lever.Description));
            console.WriteIndented(new Markup($"[dim]Moves:[/] {Markup.Escape(lever.Moves)}"));
            console.WriteIndented(new Markup($"[dim]Default:[/] [italic]{Markup.Escape(figure.Kind.ToName())}[/]. {Markup.Escape(figure.Source)}"));
            console.WriteLine();
        }
    }

    private static Table Table(IReadOnlyList<LeverDefault> levers, BaseYearInfo baseYear)
    {
        // Four columns, so the prose gets most of a 100-column terminal: names and numbers never wrap, the rest folds.
        var table = new Table { Border = TableBorder.Rounded, ShowRowSeparators = true };
        table.AddColumn(new TableColumn("Lever").NoWrap());
        table.AddColumn(new TableColumn("Range\nunit").NoWrap());
        table.AddColumn(new TableColumn($"Default\n{baseYear.Year}").NoWrap().RightAligned());
        table.AddColumn("What it is; what it moves; where the default comes from");
        foreach (var (lever, figure, value) in levers)
        {
            table.AddRow(
                new Markup($"[bold]{Markup.Escape(lever.Name)}[/]"),
                new Text(Invariant($"{Number(lever.Min)}..{Number(lever.Max)}\n{lever.Unit}")),
                new Text(Number(value)),
                new Markup(
                    $"{Markup.Escape(lever.Description)}\n" +
                    $"[dim]Moves:[/] {Markup.Escape(lever.Moves)}\n" +
                    $"[dim]Default:[/] [italic]{Markup.Escape(figure.Kind.ToName())}[/]. {Markup.Escape(figure.Source)}"));
        }

        return table;
    }

    // Invariant, so the table reads the same on every machine; four decimals are enough to read, JSON has every digit.
    private static string Number(double value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
