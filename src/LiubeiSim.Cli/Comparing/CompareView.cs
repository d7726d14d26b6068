using System.Globalization;
using System.Text;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;
using Spectre.Console;

namespace LiubeiSim.Cli.Comparing;

/// <summary>The terminal and Markdown forms of a comparison: B − A per indicator, then each target's probability in A and B.</summary>
public static class CompareView
{
    /// <summary>Names within 80 columns: the longest ids shortened (ind_projects_introduced).</summary>
    private const int NameWidth = 24;

    /// <summary>Names on a terminal six columns wider (or output that is not a terminal): every id whole.</summary>
    private const int WholeNameWidth = 30;

    /// <summary>Rows shown: district indicators and chain output, or every scope with <paramref name="all"/>.</summary>
    public static IEnumerable<SeriesKey> Rows(bool all) =>
        SeriesLayout.All.Where(k => all || k.Scope == SeriesKey.DistrictScope || k.Indicator.Id == IndicatorCatalog.IndustrialOutput);

    public static void Print(CliConsole console, ComparisonResult result, bool all)
    {
        var a = result.A.Scenario;
        var b = result.B.Scenario;
        var o = console.Out;
        o.MarkupLine($"[bold]{Markup.Escape(b.Name)}[/] (B) against [bold]{Markup.Escape(a.Name)}[/] (A)");
        o.MarkupLineInterpolated($"{a.Start}..{a.End} ({a.Months} months); {a.Replications:N0} replications; seed {a.Seed}");
        RunSummaryView.WriteSettings(o, a, "A ");
        RunSummaryView.WriteSettings(o, b, "B ");
        o.MarkupLine(result.Paired
            ? "[grey]Paired (same random draws): B−A per replication; P10..P90 is its 80% band.[/]"
            : $"[grey]UNPAIRED: B ran with seed {b.Seed}, so B−A carries both runs' noise.[/]");

        var nameWidth = o.Profile.Width >= 80 + WholeNameWidth - NameWidth ? WholeNameWidth : NameWidth;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("indicator (scope)").Padding(0, 0, 1, 0));
        foreach (var heading in new[] { "A P50", "B P50", "B−A P50", "P10..P90", "P(B>A)" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned().Padding(0, 0, 1, 0));
        }

        var shortened = false;
        var equal = false;
        foreach (var key in Rows(all))
        {
            var d = result.End(key.Index);
            var unit = key.Indicator.Unit;
            var name = Name(key, nameWidth);
            shortened |= name != Name(key, int.MaxValue);
            var greater = Greater(d);
            equal |= greater == Same;
            table.AddRow(
                Markup.Escape(name),
                RunSummaryView.Format(result.A.End(key.Index).P50, unit),
                RunSummaryView.Format(result.B.End(key.Index).P50, unit),
                $"[bold]{Signed(d.P50, unit)}[/]",
                $"{Signed(d.P10, unit)}..{Signed(d.P90, unit)}",
                greater);
        }

        o.Write(table);

        // What the table's marks mean, only where it uses them.
        if (equal)
        {
            o.MarkupLine($"[grey]{Same} under P(B>A): B equals A in every replication (the change does not reach it).[/]");
        }

        if (shortened)
        {
            o.MarkupLine($"[grey]Names shortened to fit; {80 + WholeNameWidth - NameWidth}+ columns or --format md/csv show them whole.[/]");
        }
        var targets = result.Targets();
        if (targets.Count == 0)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Simple).Title("Targets: probability of meeting each");
        t.AddColumn(new TableColumn("target").Padding(0, 0, 1, 0));
        t.AddColumn(new TableColumn("A").RightAligned().Padding(0, 0, 1, 0));
        t.AddColumn(new TableColumn("B").RightAligned().Padding(0, 0, 1, 0));
        t.AddColumn(new TableColumn("change").RightAligned().Padding(0, 0, 1, 0));
        foreach (var target in targets)
        {
            t.AddRow(
                Markup.Escape(IndicatorNames.Short(target.Target.Name, 40).ReplaceLineEndings(" ")),
                Percent(target.ProbabilityA),
                Percent(target.ProbabilityB),
                target.Change is { } c ? $"[bold]{Points(c)}[/]" : "[grey]n/a[/]");
        }

        o.Write(t);
    }

    /// <summary>The same rows as a Markdown table, for pasting into notes.</summary>
    public static string Markdown(ComparisonResult result, bool all)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"**{result.B.Scenario.Name}** (B) against **{result.A.Scenario.Name}** (A), {result.A.Scenario.Replications:N0} replications, seed {result.A.Scenario.Seed}{(result.Paired ? ", paired" : ", unpaired")}");
        text.AppendLine();
        text.AppendLine("| indicator | scope | unit | A P50 | B P50 | B−A P50 | B−A P10..P90 | P(B>A) |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var key in Rows(all))
        {
            var d = result.End(key.Index);
            var unit = key.Indicator.Unit;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key.Indicator.Id} | {MarkdownText.Cell(key.Scope)} | {unit} | {RunSummaryView.Format(result.A.End(key.Index).P50, unit)} | {RunSummaryView.Format(result.B.End(key.Index).P50, unit)} | {Signed(d.P50, unit)} | {Signed(d.P10, unit)}..{Signed(d.P90, unit)} | {Greater(d)} |");
        }

        var targets = result.Targets();
        if (targets.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| target | P(meet) A | P(meet) B | change |");
            text.AppendLine("|---|---:|---:|---:|");
            foreach (var target in targets)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Cell(target.Target.Name)} | {Plain(target.ProbabilityA)} | {Plain(target.ProbabilityB)} | {(target.Change is { } c ? Points(c) : "n/a")} |");
            }
        }

        return text.ToString();
    }

    /// <summary>A district row by its indicator; a chain or town row, which follows its indicator's district row, by its scope, indented.</summary>
    private static string Name(SeriesKey key, int width) =>
        key.Scope == SeriesKey.DistrictScope
            ? IndicatorNames.Short(key.Indicator.Id, width)
            : "  " + IndicatorNames.Short(key.Scope, width - 2);

    /// <summary>A difference with its sign; exactly zero shows as 0 (no effect at all, not a small one).</summary>
    private static string Signed(double value, string unit) =>
        value == 0 ? "0" : (value > 0 ? "+" : string.Empty) + RunSummaryView.Format(value, unit);

    // One decimal, so A, B and the change read consistently (54 % and 100 % with +47 pt did not add up).
    private static string Percent(double? p) => p is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "[grey]n/a[/]";

    private static string Plain(double? p) => p is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    private static string Points(double change) => string.Create(CultureInfo.InvariantCulture, $"{(change > 0 ? "+" : string.Empty)}{change * 100:0.0} pt");

    /// <summary>What P(B &gt; A) shows where B equals A in every replication.</summary>
    private const string Same = "=";

    /// <summary>P(B &gt; A), or <see cref="Same"/> where B equals A in every replication (0 % would read as "B always lower").</summary>
    private static string Greater(DifferenceStatistics d) =>
        d is { P5: 0, P95: 0, Mean: 0 } ? Same : d.ProbabilityBGreater.ToString("P0", CultureInfo.InvariantCulture);
}
