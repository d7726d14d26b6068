using LiubeiSim.Analysis.Sensitivity;
using ScottPlot;

namespace LiubeiSim.Cli.Sensitivity;

/// <summary>
/// tornado.png: a panel per output, one horizontal bar per factor, the most important on top; the bar is the total
/// index (Sobol, with its bootstrap interval as a whisker) or μ* (Morris). Drawn headless by ScottPlot on SkiaSharp.
/// </summary>
public static class TornadoChart
{
    private const int Width = 900;
    private const int PanelBase = 110;
    private const int PerFactor = 36;

    public static void Save(string path, SensitivityStudy study, IReadOnlyList<SensitivityRow> rows)
    {
        var panels = rows.GroupBy(r => r.Output.Label).Select(g => Panel(study, [.. g])).ToList();
        var factors = study.Spec.Factors.Count;

        // A multiplot starts with one plot: the first panel, not an empty one.
        var multiplot = new Multiplot(panels[0]);
        foreach (var panel in panels.Skip(1))
        {
            multiplot.AddPlot(panel);
        }

        var temp = path + ".tmp";
        multiplot.SavePng(temp, Width, panels.Count * (PanelBase + (PerFactor * factors)));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The unit in Latin letters: a headless machine may have no CJK font, and 亿元 would draw as empty boxes.</summary>
    public static string Unit(string unit) => unit == "亿元" ? "100M yuan" : unit;

    private static Plot Panel(SensitivityStudy study, IReadOnlyList<SensitivityRow> ranked)
    {
        var output = ranked[0].Output;
        var plot = new Plot();
        var sobol = study.Method == SensitivityMethod.Sobol;

        // Ranked most important first; position 0 is the bottom, so the top bar is the most important.
        var count = ranked.Count;
        var bars = new List<Bar>();
        var positions = new double[count];
        var labels = new string[count];
        for (var i = 0; i < count; i++)
        {
            var row = ranked[i];
            var position = count - 1 - i;
            positions[i] = position;
            labels[i] = row.Factor;
            bars.Add(new Bar
            {
                Position = position,
                Value = row.Importance,
                FillColor = Colors.SteelBlue,
                Orientation = Orientation.Horizontal,
            });
            if (row.Sobol is { } s)
            {
                var whisker = plot.Add.Line(s.TotalCiLow, position, s.TotalCiHigh, position);
                whisker.Color = Colors.Black;
                whisker.LineWidth = 2;
            }
        }

        // Added after the whiskers' lines would hide them; bars first, then the lines on top.
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.MoveToBack(barPlot);
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Title($"{output.Label} ({Unit(output.Unit)})");
        plot.XLabel(sobol ? "total Sobol index ST (line: 95% bootstrap interval)" : $"Morris μ* ({Unit(output.Unit)} over the factor's range)");
        plot.Axes.Margins(left: 0, right: 0.05, bottom: 0.1, top: 0.1);
        return plot;
    }
}
