using System.Globalization;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.District;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LiubeiSim.Cli.Baseline;

/// <summary>
/// The base year as tables: a legend of the four kinds, then District, Industry chains, Projects, Towns (on a narrow
/// terminal each section's figures as a list).
/// </summary>
internal static class BaselineTableView
{
    /// <summary>
    /// Below this many columns a section's six-column table leaves the name, value and source a few characters each
    /// (an 80-column terminal wrapped "The year under review" four letters to a line), so figures are listed one under
    /// another instead, each field whole.
    /// </summary>
    private const int TableMinWidth = 120;

    private static readonly (FigureKind Kind, string Meaning)[] Legend =
    [
        (FigureKind.Reported, "quoted from the report; the source is the Chinese sentence, verbatim"),
        (FigureKind.Derived, "computed from other figures; the source is the formula"),
        (FigureKind.Assumption, "not in the report; the source names the reason or outside publication (overridable)"),
        (FigureKind.NotStated, "mentioned by the report, but the number was lost in this copy; never filled in"),
        (FigureKind.Overridden, "an assumption the scenario replaced; the source says what it was and why"),
    ];

    public static void Render(BaseYearDataset dataset, FigureKind? filter, IAnsiConsole console)
    {
        var report = dataset.Report;
        console.Write(new Paragraph($"Base year 2022 of Liubei district, as read from 《{report.TitleZh}》", new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        console.Write(new Text($"{report.Title}. {report.Publication}, {report.Date}."));
        console.WriteLine();
        console.WriteLine();
        console.Write(LegendTable(dataset, filter));
        console.WriteLine();

        var entityOrder = dataset.Entities.Select((e, i) => (e.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        WriteSection(console, dataset, filter, entityOrder, EntityKind.District, "District", showEntity: false);
        WriteSection(console, dataset, filter, entityOrder, EntityKind.Chain, "Industry chains", showEntity: true);
        WriteSection(console, dataset, filter, entityOrder, EntityKind.Project, "Projects", showEntity: true);
        WriteSection(console, dataset, filter, entityOrder, EntityKind.Town, "Towns", showEntity: true);
    }

    private static Table LegendTable(BaseYearDataset dataset, FigureKind? filter)
    {
        var title = filter is { } only
            ? $"Figure kinds (showing only {only.ToName()})"
            : "Figure kinds";
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        table.AddColumn("Kind");
        table.AddColumn("Meaning");
        table.AddColumn(new TableColumn("Figures").RightAligned());
        foreach (var (kind, meaning) in Legend)
        {
            if (kind == FigureKind.Overridden && dataset.Overrides.Count == 0)
            {
                // Only a scenario overrides; the shipped base year has none to count.
                continue;
            }

            var count = dataset.Figures.Count(f => f.Kind == kind);
            table.AddRow(new Text(kind.ToName()), new Text(meaning), new Text(count.ToString(CultureInfo.InvariantCulture)));
        }

        table.AddRow(new Text("total"), new Text(string.Empty), new Text(dataset.Figures.Count.ToString(CultureInfo.InvariantCulture)));
        return table;
    }

    private static void WriteSection(
        IAnsiConsole console,
        BaseYearDataset dataset,
        FigureKind? filter,
        Dictionary<string, int> entityOrder,
        EntityKind kind,
        string title,
        bool showEntity)
    {
        var entities = dataset.OfKind(kind).ToList();
        var heading = kind == EntityKind.District && entities.Count == 1
            ? $"{title}: {entities[0].Name} {entities[0].NameZh}"
            : title;
        console.Write(new Rule(Markup.Escape(heading)) { Justification = Justify.Left });

        var ids = entities.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        // Grouped by entity in file order; stable, so each entity's figures keep file order too.
        var figures = dataset.Figures
            .Where(f => ids.Contains(f.Entity) && (filter is null || f.Kind == filter))
            .OrderBy(f => entityOrder[f.Entity])
            .ToList();
        if (figures.Count == 0)
        {
            console.Write(new Text(filter is { } only ? $"No {only.ToName()} figures in this section." : "No figures in this section."));
            console.WriteLine();
            console.WriteLine();
            return;
        }

        if (console.Profile.Width < TableMinWidth)
        {
            WriteList(console, dataset, figures, showEntity);
        }
        else
        {
            console.Write(FigureTable(dataset, figures, showEntity));
        }

        if (filter is null)
        {
            var silent = entities.Where(e => !dataset.Figures.Any(f => f.Entity == e.Id)).ToList();
            foreach (var entity in silent)
            {
                console.Write(new Text($"{entity.Id} ({entity.NameZh}, {entity.Name}): no figures of its own."));
                console.WriteLine();
            }
        }

        console.WriteLine();
    }

    private static Table FigureTable(BaseYearDataset dataset, List<Figure> figures, bool showEntity)
    {
        var table = new Table { Border = TableBorder.Rounded };
        table.AddColumn(new TableColumn("Id").NoWrap());
        if (showEntity)
        {
            table.AddColumn("Entity");
        }

        table.AddColumn("Name");
        table.AddColumn("Value");
        table.AddColumn(new TableColumn("Kind").NoWrap());
        table.AddColumn("Source");
        foreach (var figure in figures)
        {
            var cells = new List<IRenderable> { new Text(figure.Id) };
            if (showEntity)
            {
                cells.Add(new Text(EntityLabel(dataset, figure, "\n")));
            }

            cells.Add(new Text(figure.Name));
            cells.Add(new Text(FigureValueText.Format(figure)));
            cells.Add(new Text(figure.Kind.ToName()));
            cells.Add(new Text(figure.Source).Overflow(Overflow.Fold));
            table.AddRow(cells);
        }

        return table;
    }

    /// <summary>One figure after another: its id and kind, then (indented) its entity, its name and value, its source.</summary>
    private static void WriteList(IAnsiConsole console, BaseYearDataset dataset, List<Figure> figures, bool showEntity)
    {
        foreach (var figure in figures)
        {
            console.Write(new Markup($"[bold]{Markup.Escape(figure.Id)}[/]  {Markup.Escape(figure.Kind.ToName())}"));
            console.WriteLine();
            if (showEntity)
            {
                console.WriteIndented(new Text(EntityLabel(dataset, figure, " ")));
            }

            console.WriteIndented(new Text($"{figure.Name}: {FigureValueText.Format(figure)}"));
            console.WriteIndented(new Text(figure.Source).Overflow(Overflow.Fold));
            console.WriteLine();
        }
    }

    /// <summary>The figure's entity: Chinese name, code where it has one, English name.</summary>
    private static string EntityLabel(BaseYearDataset dataset, Figure figure, string beforeEnglish)
    {
        var entity = dataset.GetEntity(figure.Entity);
        var code = entity.Code is null ? string.Empty : $" ({entity.Code})";
        return $"{entity.NameZh}{code}{beforeEnglish}{entity.Name}";
    }
}
