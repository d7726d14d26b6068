using System.Globalization;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using Spectre.Console;

namespace LiubeiSim.Cli.Running;

/// <summary>The terminal summary of a run: indicators at the end of the horizon, targets with probabilities, IO multipliers.</summary>
public static class RunSummaryView
{
    public static void Print(CliConsole console, RunResult result, bool all)
    {
        var s = result.Scenario;
        var o = console.Out;
        o.Write(new Rule($"[bold]{Markup.Escape(s.Name)}[/]").LeftJustified());
        o.MarkupLineInterpolated($"Base year {s.BaseYear}; {s.Months} months {s.Start}..{s.End}; {s.Replications:N0} replications; seed {s.Seed}; engine {result.Engine}; simulated in {result.Timings.SimulationSeconds:0.00} s");
        o.MarkupLine("[grey]Flows are totals over the last 12 months of the horizon; stocks are end-of-horizon levels. P10..P90 is the 80% band across replications.[/]");

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("indicator");
        table.AddColumn("scope");
        table.AddColumn("unit");
        table.AddColumn(new TableColumn($"{s.BaseYear}").RightAligned());
        table.AddColumn(new TableColumn("P10").RightAligned());
        table.AddColumn(new TableColumn("P50").RightAligned());
        table.AddColumn(new TableColumn("P90").RightAligned());
        table.AddColumn("target");
        table.AddColumn(new TableColumn("P(meet)").RightAligned());
        foreach (var key in SeriesLayout.All)
        {
            var shown = all || key.Scope == SeriesKey.DistrictScope || key.Indicator.Id == Model.Indicators.IndicatorCatalog.IndustrialOutput;
            var targets = result.Targets.Where(t => SeriesLayout.IndexOf(t.Target.Indicator, t.Target.Scope) == key.Index).ToList();
            if (!shown && targets.Count == 0)
            {
                continue;
            }

            var end = result.End(key.Index);
            var baseText = result.BaseValues[key.Index] is { } b ? Format(b) : "[grey]not stated[/]";
            var targetText = targets.Count == 0 ? string.Empty : string.Join("\n", targets.Select(t => Markup.Escape(Describe(t.Target, key.Indicator.Unit))));
            var probabilityText = targets.Count == 0 ? string.Empty : string.Join("\n", targets.Select(t => Probability(t.Probability)));
            table.AddRow(
                Markup.Escape(key.Indicator.Id),
                Markup.Escape(key.Scope),
                Markup.Escape(key.Indicator.Unit),
                baseText,
                Format(end.P10),
                $"[bold]{Format(end.P50)}[/]",
                Format(end.P90),
                targetText,
                probabilityText);
        }

        o.Write(table);
        var io = new Table().Border(TableBorder.Simple).Title($"Type I multipliers ({Markup.Escape(result.Io.Source == "default" ? "default input-output table" : Path.GetFileName(result.Io.Source))})");
        io.AddColumn("chain");
        io.AddColumn(new TableColumn("output").RightAligned());
        io.AddColumn(new TableColumn("employment").RightAligned());
        io.AddColumn(new TableColumn("value added").RightAligned());
        io.AddColumn(new TableColumn("VA ratio").RightAligned());
        foreach (var m in result.Io.Chains)
        {
            io.AddRow(
                Markup.Escape(m.Chain),
                m.Output.ToString("0.000", CultureInfo.InvariantCulture),
                m.Employment.ToString("0.000", CultureInfo.InvariantCulture),
                m.ValueAdded.ToString("0.000", CultureInfo.InvariantCulture),
                m.ValueAddedRatio.ToString("0.000", CultureInfo.InvariantCulture));
        }

        o.Write(io);
    }

    public static string Describe(Target target, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{(target.Direction == TargetDirection.AtLeast ? ">=" : "<=")} {Format(target.Threshold)}{(target.Measure == TargetMeasure.Growth ? "% growth" : $" {unit}")}");

    private static string Probability(double p)
    {
        var text = p.ToString("P0", CultureInfo.InvariantCulture);
        return p >= 0.5 ? $"[green]{text}[/]" : p >= 0.2 ? $"[yellow]{text}[/]" : $"[red]{text}[/]";
    }

    public static string Format(double value)
    {
        var magnitude = Math.Abs(value);
        var format = magnitude >= 1000 ? "N0" : magnitude >= 100 ? "0.0" : magnitude >= 1 ? "0.00" : "0.000";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

}
