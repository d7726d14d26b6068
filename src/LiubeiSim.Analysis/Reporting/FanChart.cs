using System.Globalization;
using System.Text;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Reporting;

/// <summary>Colours of one run in a chart: the comparison draws A and B in two hues that stay apart in grey print.</summary>
internal sealed record RunColours(string Line, string InnerBand, string OuterBand)
{
    public static RunColours A { get; } = new("#1d4f91", "#7fa6d8", "#c9daf0");

    public static RunColours B { get; } = new("#b3470f", "#eda27a", "#f8d9c6");
}

/// <summary>One run's series in a chart.</summary>
internal sealed record ChartRun(string Run, SeriesData Series, RunColours Colours);

/// <summary>A horizontal reference: the base-year value or a target's threshold.</summary>
internal sealed record ChartLevel(string Series, string Label, double Value, string? Target);

/// <summary>What a fan chart shows: one or two runs of an indicator, with its reference lines.</summary>
/// <param name="OuterBand">Draw P5–P95 as well as P10–P90 (one run); two runs draw P10–P90 only, to stay readable.</param>
internal sealed record ChartSpec(
    string Id,
    string Indicator,
    string Scope,
    string Unit,
    string Title,
    string Description,
    IReadOnlyList<ChartRun> Runs,
    bool OuterBand,
    IReadOnlyList<ChartLevel> Levels);

/// <summary>
/// Draws a monthly fan chart as inline SVG: bands, P50 lines, dashed base-year and threshold lines, axes with units
/// and months, and a legend. Every drawn series also carries its numbers as <c>data-*</c> attributes (round-trip exact),
/// so a script or a test can check the picture against indicators.csv. A dozen shapes per chart do not need a library.
/// </summary>
internal static class FanChart
{
    private const double Width = 760;
    private const double Height = 330;
    private const double Left = 78;
    private const double Right = 40;
    private const double Top = 44;
    private const double Bottom = 56;
    private const double PlotRight = Width - Right;
    private const double PlotBottom = Height - Bottom;

    public static string Render(ChartSpec spec)
    {
        var months = spec.Runs.SelectMany(r => r.Series.Months).Distinct().Order().ToArray();
        var first = months[0].Index;
        var span = months[^1].Index - first;

        var low = spec.Runs.SelectMany(r => spec.OuterBand ? r.Series.P5 : r.Series.P10).Concat(spec.Levels.Select(l => l.Value)).Min();
        var high = spec.Runs.SelectMany(r => spec.OuterBand ? r.Series.P95 : r.Series.P90).Concat(spec.Levels.Select(l => l.Value)).Max();
        var y = AxisScale.Covering(low, high);

        // One month has no width of its own: its values are drawn across the plot.
        double[] X(YearMonth month) => span == 0 ? [Left, PlotRight] : [Left + ((month.Index - first) / (double)span * (PlotRight - Left))];
        double Y(double value) => y.Map(value, PlotBottom, Top);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{spec.Id}-title {spec.Id}-desc\"")
            .Append(CultureInfo.InvariantCulture, $" data-indicator=\"{Html.Escape(spec.Indicator)}\" data-scope=\"{Html.Escape(spec.Scope)}\" data-unit=\"{Html.Escape(spec.Unit)}\">\n")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{spec.Id}-title\">{Html.Escape(spec.Title)}</title>\n")
            .Append(CultureInfo.InvariantCulture, $"<desc id=\"{spec.Id}-desc\">{Html.Escape(spec.Description)}</desc>\n");

        // Grid and value axis.
        svg.Append("<g class=\"axis y\" font-size=\"11\" fill=\"#333\">\n");
        foreach (var tick in y.Ticks)
        {
            var ty = Html.Coordinate(Y(tick));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{PlotRight}\" y1=\"{ty}\" y2=\"{ty}\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{ty}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Html.Escape(y.Label(tick))}</text>\n");
        }

        var unitLabel = spec.Unit.Length == 0 ? spec.Indicator : spec.Unit;
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Html.Coordinate((Top + PlotBottom) / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Html.Coordinate((Top + PlotBottom) / 2)})\">{Html.Escape(unitLabel)}</text>\n")
            .Append("</g>\n");

        // Month axis: every month while they fit, else every k-th, always the last.
        var every = Math.Max(1, (int)Math.Ceiling(months.Length / 12.0));
        svg.Append("<g class=\"axis x\" font-size=\"11\" fill=\"#333\">\n")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{PlotRight}\" y1=\"{PlotBottom}\" y2=\"{PlotBottom}\" stroke=\"#555\" stroke-width=\"1\"/>\n");
        for (var i = 0; i < months.Length; i++)
        {
            if (i % every != 0 && i != months.Length - 1)
            {
                continue;
            }

            var tx = Html.Coordinate(span == 0 ? (Left + PlotRight) / 2 : X(months[i])[0]);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{tx}\" x2=\"{tx}\" y1=\"{PlotBottom}\" y2=\"{PlotBottom + 4}\" stroke=\"#555\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{tx}\" y=\"{PlotBottom + 17}\" text-anchor=\"middle\">{months[i]}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Html.Coordinate((Left + PlotRight) / 2)}\" y=\"{Height - 10}\" text-anchor=\"middle\">month</text>\n")
            .Append("</g>\n");

        // Data: bands under lines, each run in its colours.
        foreach (var run in spec.Runs)
        {
            var s = run.Series;
            var common = $" data-run=\"{run.Run}\" data-indicator=\"{Html.Escape(spec.Indicator)}\" data-scope=\"{Html.Escape(spec.Scope)}\" data-months=\"{string.Join(' ', s.Months)}\"";
            if (spec.OuterBand)
            {
                svg.Append(Band(s, s.P5, s.P95, "p5-p95", BandFill(spec, run.Colours, inner: false), common, X, Y));
            }

            svg.Append(Band(s, s.P10, s.P90, "p10-p90", BandFill(spec, run.Colours, inner: true), common, X, Y));
        }

        foreach (var level in spec.Levels)
        {
            var ly = Html.Coordinate(Y(level.Value));
            var dash = level.Series == "base" ? "6 4" : "10 3 2 3";
            var colour = level.Series == "base" ? "#555" : "#a3161d";
            var target = level.Target is null ? string.Empty : $" data-target=\"{Html.Escape(level.Target)}\"";
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"{level.Series}\" data-series=\"{level.Series}\"{target} data-value=\"{Html.Exact(level.Value)}\" x1=\"{Left}\" x2=\"{PlotRight}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"{dash}\"/>");

            // Base-year labels on the left, where a series that starts from its year to date is far below them;
            // thresholds on the right, where the end of the horizon is measured against them.
            var (labelX, anchor) = level.Series == "base" ? (Left + 4, "start") : (PlotRight - 4, "end");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelX}\" y=\"{Html.Coordinate(Y(level.Value) - 4)}\" text-anchor=\"{anchor}\" font-size=\"10\" fill=\"{colour}\">{Html.Escape(level.Label)}</text>\n");
        }

        foreach (var run in spec.Runs)
        {
            var s = run.Series;
            var d = new StringBuilder();
            for (var i = 0; i < s.Count; i++)
            {
                foreach (var px in X(s.Months[i]))
                {
                    d.Append(d.Length == 0 ? 'M' : 'L').Append(Html.Coordinate(px)).Append(',').Append(Html.Coordinate(Y(s.P50[i]))).Append(' ');
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"p50\" data-run=\"{run.Run}\" data-indicator=\"{Html.Escape(spec.Indicator)}\" data-scope=\"{Html.Escape(spec.Scope)}\" data-months=\"{string.Join(' ', s.Months)}\" data-series=\"p50\" data-values=\"{Html.ExactList(s.P50)}\"")
                .Append(CultureInfo.InvariantCulture, $" d=\"{d.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{run.Colours.Line}\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>\n");
        }

        svg.Append(Legend(spec)).Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Opacity of the bands when two runs share a chart, so where they overlap both still show.</summary>
    public const double ComparisonBandOpacity = 0.45;

    /// <summary>A band's fill attributes: one run draws opaque nested bands; two draw see-through P10–P90 bands.</summary>
    private static string BandFill(ChartSpec spec, RunColours colours, bool inner) =>
        spec.OuterBand
            ? $"fill=\"{(inner ? colours.InnerBand : colours.OuterBand)}\""
            : $"fill=\"{colours.InnerBand}\" fill-opacity=\"{ComparisonBandOpacity.ToString(CultureInfo.InvariantCulture)}\"";

    private static string Band(SeriesData s, IReadOnlyList<double> lower, IReadOnlyList<double> upper, string name, string fill, string common, Func<YearMonth, double[]> x, Func<double, double> y)
    {
        var d = new StringBuilder();
        for (var i = 0; i < s.Count; i++)
        {
            foreach (var px in x(s.Months[i]))
            {
                d.Append(d.Length == 0 ? 'M' : 'L').Append(Html.Coordinate(px)).Append(',').Append(Html.Coordinate(y(upper[i]))).Append(' ');
            }
        }

        for (var i = s.Count - 1; i >= 0; i--)
        {
            foreach (var px in x(s.Months[i]).Reverse())
            {
                d.Append('L').Append(Html.Coordinate(px)).Append(',').Append(Html.Coordinate(y(lower[i]))).Append(' ');
            }
        }

        d.Append('Z');
        return $"<path class=\"band\"{common} data-series=\"{name}\" data-lower=\"{Html.ExactList(lower)}\" data-upper=\"{Html.ExactList(upper)}\" d=\"{d}\" {fill} stroke=\"none\"/>\n";
    }

    private static string Legend(ChartSpec spec)
    {
        var items = new List<(string Kind, string Colour, string Text)>();
        foreach (var run in spec.Runs)
        {
            var prefix = spec.Runs.Count > 1 ? run.Run + " " : string.Empty;
            if (spec.OuterBand)
            {
                items.Add(("band", BandFill(spec, run.Colours, inner: false), prefix + "P5\u2013P95"));
            }

            items.Add(("band", BandFill(spec, run.Colours, inner: true), prefix + "P10\u2013P90"));
            items.Add(("line", run.Colours.Line, prefix + "P50"));
        }

        if (spec.Levels.Any(l => l.Series == "base"))
        {
            items.Add(("base", "#555", "base year"));
        }

        if (spec.Levels.Any(l => l.Series == "target"))
        {
            items.Add(("target", "#a3161d", "target"));
        }

        var legend = new StringBuilder("<g class=\"legend\" font-size=\"11\" fill=\"#333\">\n");
        var x = Left;
        var row = 0;
        foreach (var (kind, colour, text) in items)
        {
            // Rough width of the label: CJK and Latin glyphs average out near 6.5 px at 11 px.
            var width = 26 + (text.Length * 6.5) + 14;
            if (x + width > PlotRight && x > Left)
            {
                x = Left;
                row++;
            }

            var ly = 14 + (row * 16);
            var swatch = kind switch
            {
                "band" => $"<rect x=\"{Html.Coordinate(x)}\" y=\"{ly - 5}\" width=\"20\" height=\"10\" {colour}/>",
                "line" => $"<line x1=\"{Html.Coordinate(x)}\" x2=\"{Html.Coordinate(x + 20)}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2.2\"/>",
                "base" => $"<line x1=\"{Html.Coordinate(x)}\" x2=\"{Html.Coordinate(x + 20)}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
                _ => $"<line x1=\"{Html.Coordinate(x)}\" x2=\"{Html.Coordinate(x + 20)}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"10 3 2 3\"/>",
            };
            legend.Append(swatch)
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Html.Coordinate(x + 26)}\" y=\"{ly}\" dominant-baseline=\"middle\">{Html.Escape(text)}</text>\n");
            x += width;
        }

        return legend.Append("</g>\n").ToString();
    }
}
