using System.Globalization;
using System.Text;
using CsvHelper;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using Spectre.Console;

namespace LiubeiSim.Cli.Running;

/// <summary>
/// The results of a run: indicators at the end of the horizon, targets with probabilities, IO multipliers; each table
/// at most 80 columns wide (a chain or town row is indented under its indicator's district row rather than given a
/// column of its own). Also the CSV and Markdown forms of <c>--format</c>.
/// </summary>
public static class RunSummaryView
{
    // The longest id shown (industrial_projects_introduced; a chain indented under its indicator) whole, within 80 columns.
    private const int NameWidth = 30;

    /// <summary>District rows and every chain's output by default; every chain and town of every indicator with <paramref name="all"/>.</summary>
    public static IEnumerable<SeriesKey> Rows(bool all) =>
        SeriesLayout.All.Where(k => all || k.Scope == SeriesKey.DistrictScope || k.Indicator.Id == IndicatorCatalog.IndustrialOutput);

    /// <summary>
    /// What the scenario sets, from its file or from --set, on a line each (levers, then assumptions), so a table that
    /// is shared says which run it is: a run with --set keeps the scenario's name.
    /// </summary>
    public static void WriteSettings(IAnsiConsole o, Scenario s, string side)
    {
        if (s.Levers.Count > 0)
        {
            o.MarkupLine($"[grey]{Markup.Escape(side)}Levers: {Markup.Escape(string.Join(", ", s.Levers.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key} {l.Value}"))))}[/]");
        }

        if (s.Assumptions.Count > 0)
        {
            o.MarkupLine($"[grey]{Markup.Escape(side)}Assumptions: {Markup.Escape(string.Join(", ", s.Assumptions.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key} {a.Value}"))))}[/]");
        }
    }

    public static void Print(CliConsole console, RunResult result, bool all)
    {
        var s = result.Scenario;
        var o = console.Out;
        o.MarkupLineInterpolated($"[bold]{s.Name}[/]");
        o.MarkupLineInterpolated($"Base {s.BaseYear}; {s.Months} months {s.Start}..{s.End}; {s.Replications:N0} replications; seed {s.Seed}");
        o.MarkupLineInterpolated($"Engine {result.Engine}; simulated in {result.Timings.SimulationSeconds:0.00} s{(s.Assumptions.Count switch { 0 => string.Empty, 1 => "; 1 assumption overridden", var n => $"; {n} assumptions overridden" })}");
        WriteSettings(o, s, string.Empty);
        o.MarkupLine("[grey]Flows: totals over the last 12 months; stocks: end-of-horizon levels.[/]");
        o.MarkupLine("[grey]P10..P90 is the 80% band across replications.[/]");

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(Column("indicator", left: true));
        table.AddColumn(Column("unit", left: true));
        table.AddColumn(Column(s.BaseYear.ToString(CultureInfo.InvariantCulture)));
        table.AddColumn(Column("P10"));
        table.AddColumn(Column("P50"));
        table.AddColumn(Column("P90"));
        foreach (var key in Rows(all))
        {
            var end = result.End(key.Index);
            var unit = key.Indicator.Unit;
            table.AddRow(
                Markup.Escape(Name(key)),
                Markup.Escape(unit),
                result.BaseValues[key.Index] is { } b ? Format(b, unit) : "[grey]n/s[/]",
                Format(end.P10, unit),
                $"[bold]{Format(end.P50, unit)}[/]",
                Format(end.P90, unit));
        }

        o.Write(table);
        if (Rows(all).Any(k => result.BaseValues[k.Index] is null))
        {
            o.MarkupLine("[grey]n/s: not stated (the report lost the number).[/]");
        }

        if (result.Targets.Count > 0)
        {
            var targets = new Table().Border(TableBorder.Simple).Title("Targets at the end of the horizon");
            targets.AddColumn(Column("target", left: true));
            targets.AddColumn(Column("asks", left: true));
            targets.AddColumn(Column("P50"));
            targets.AddColumn(Column("P(meet)"));
            foreach (var t in result.Targets)
            {
                targets.AddRow(
                    Markup.Escape(IndicatorNames.Short(t.Target.Name.ReplaceLineEndings(" "), 24)),
                    Markup.Escape(IndicatorNames.Short(Describe(t.Target, IndicatorCatalog.Get(t.Target.Indicator).Unit), 30)),
                    TargetP50(result, t.Target),
                    Probability(t.Probability));
            }

            o.Write(targets);
        }

        var io = new Table().Border(TableBorder.Simple).Title($"Type I multipliers ({Markup.Escape(result.Io.Source == "default" ? "default input-output table" : Path.GetFileName(result.Io.Source))})");
        io.AddColumn(Column("chain", left: true));
        io.AddColumn(Column("output"));
        io.AddColumn(Column("employment"));
        io.AddColumn(Column("value added"));
        io.AddColumn(Column("VA ratio"));
        foreach (var m in result.Io.Chains)
        {
            io.AddRow(
                Markup.Escape(IndicatorNames.Short(m.Chain, NameWidth)),
                m.Output.ToString("0.000", CultureInfo.InvariantCulture),
                m.Employment.ToString("0.000", CultureInfo.InvariantCulture),
                m.ValueAdded.ToString("0.000", CultureInfo.InvariantCulture),
                m.ValueAddedRatio.ToString("0.000", CultureInfo.InvariantCulture));
        }

        o.Write(io);
    }

    /// <summary>End-of-horizon statistics of the rows shown, as CSV (full ids, exact numbers).</summary>
    public static string Csv(RunResult result, bool all)
    {
        var builder = new StringBuilder();
        using (var csv = new CsvWriter(new StringWriter(builder, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "indicator", "scope", "unit", "base", "p5", "p10", "p50", "p90", "p95", "mean" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var key in Rows(all))
            {
                var s = result.End(key.Index);
                csv.WriteField(key.Indicator.Id);
                csv.WriteField(key.Scope);
                csv.WriteField(key.Indicator.Unit);
                csv.WriteField(result.BaseValues[key.Index] is { } b ? RunReport.Number(b) : string.Empty);
                foreach (var v in new[] { s.P5, s.P10, s.P50, s.P90, s.P95, s.Mean })
                {
                    csv.WriteField(RunReport.Number(v));
                }

                csv.NextRecord();
            }
        }

        return builder.ToString();
    }

    /// <summary>The tables as Markdown, for notes and issues.</summary>
    public static string Markdown(RunResult result, bool all)
    {
        var s = result.Scenario;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"**{s.Name}**: base {s.BaseYear}, {s.Start}..{s.End}, {s.Replications:N0} replications, seed {s.Seed}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| indicator | scope | unit | {s.BaseYear} | P10 | P50 | P90 |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|");
        foreach (var key in Rows(all))
        {
            var end = result.End(key.Index);
            var unit = key.Indicator.Unit;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key.Indicator.Id} | {key.Scope} | {unit} | {(result.BaseValues[key.Index] is { } b ? Format(b, unit) : "not stated")} | {Format(end.P10, unit)} | {Format(end.P50, unit)} | {Format(end.P90, unit)} |");
        }

        if (result.Targets.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| target | asks | P(meet) |");
            text.AppendLine("|---|---|---:|");
            foreach (var t in result.Targets)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Cell(t.Target.Name)} | {Describe(t.Target, IndicatorCatalog.Get(t.Target.Indicator).Unit)} | {t.Probability.ToString("P0", CultureInfo.InvariantCulture)} |");
            }
        }

        return text.ToString();
    }

    public static string Describe(Target target, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{(target.Scope == SeriesKey.DistrictScope ? string.Empty : target.Scope + " ")}{(target.Direction == TargetDirection.AtLeast ? ">=" : "<=")} {(target.Measure == TargetMeasure.Growth ? Format(target.Threshold) + "% growth" : Format(target.Threshold, unit) + " " + unit)}");

    /// <summary>The P50 in the target's own measure: a growth target's as growth over the base year, so it reads against the threshold.</summary>
    private static string TargetP50(RunResult result, Target target)
    {
        var series = SeriesLayout.IndexOf(target.Indicator, target.Scope);
        var p50 = result.End(series).P50;
        if (target.Measure != TargetMeasure.Growth)
        {
            return Format(p50, IndicatorCatalog.Get(target.Indicator).Unit);
        }

        return result.BaseValues[series] is { } b and not 0 ? string.Create(CultureInfo.InvariantCulture, $"{(p50 / b - 1) * 100:+0.0;-0.0}%") : "n/s";
    }

    /// <summary>A value for people: whole numbers for counts and people (an interpolated quantile of a count is still a count), else by magnitude.</summary>
    public static string Format(double value, string unit) =>
        unit is "count" or "people" ? Math.Round(value, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture) : Format(value);

    public static string Format(double value)
    {
        var magnitude = Math.Abs(value);
        var format = magnitude >= 1000 ? "N0" : magnitude >= 100 ? "0.0" : magnitude >= 1 ? "0.00" : "0.000";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    private static TableColumn Column(string heading, bool left = false)
    {
        var column = new TableColumn(heading).Padding(0, 0, 2, 0);
        return left ? column : column.RightAligned();
    }

    private static string Name(SeriesKey key) =>
        key.Scope == SeriesKey.DistrictScope ? IndicatorNames.Short(key.Indicator.Id, NameWidth) : "  " + IndicatorNames.Short(key.Scope, NameWidth - 2);

    private static string Probability(double p)
    {
        var text = p.ToString("P0", CultureInfo.InvariantCulture);
        return p >= 0.5 ? $"[green]{text}[/]" : p >= 0.2 ? $"[yellow]{text}[/]" : $"[red]{text}[/]";
    }
}
