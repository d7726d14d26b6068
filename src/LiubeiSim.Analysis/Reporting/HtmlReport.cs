using System.Globalization;
using System.Text;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Reporting;

/// <summary>
/// The engine of <c>liubeisim report</c>: one self-contained HTML file from one run directory, or two to compare.
/// The page needs nothing beyond itself (no script, no font, no image, no network): the charts are inline SVG drawn
/// here, the styles are inline and print-friendly. Same run files in, same bytes out.
/// </summary>
public static class HtmlReport
{
    /// <summary>
    /// District indicators the report always charts: output, GDP, fixed-asset investment, R&amp;D and jobs. Any other
    /// district indicator a target is set on is charted too, since the target asks about it.
    /// </summary>
    public static IReadOnlyList<string> HeadlineIndicators { get; } =
    [
        IndicatorCatalog.Gdp,
        IndicatorCatalog.IndustrialOutput,
        IndicatorCatalog.InvestmentDisbursed,
        IndicatorCatalog.RndSpending,
        IndicatorCatalog.NewUrbanJobs,
    ];

    private const string District = SeriesKey.DistrictScope;

    /// <summary>
    /// Writes the report of <paramref name="runDirectories"/> (one run, or two: A and B) to <paramref name="outputPath"/>.
    /// Everything is read and rendered before the file is touched, and the file appears only by a rename, so a failure
    /// leaves no half-written report (and an older report at that path stays as it was).
    /// </summary>
    /// <exception cref="RunDirectoryException">A run directory misses a file or holds a malformed one; the message names file, line and field.</exception>
    /// <exception cref="ArgumentException">Not one or two directories.</exception>
    /// <param name="runDirectories">One run directory, or two (A, B).</param>
    /// <param name="outputPath">The HTML file.</param>
    /// <param name="comparisonFile">A compare.json of the two runs: adds the paired differences B − A it holds.</param>
    public static void Write(IReadOnlyList<string> runDirectories, string outputPath, string? comparisonFile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var html = Render(runDirectories, comparisonFile);
        var full = Path.GetFullPath(outputPath);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{outputPath}' has no directory.", nameof(outputPath));
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The report's HTML text (what <see cref="Write"/> writes).</summary>
    public static string Render(IReadOnlyList<string> runDirectories, string? comparisonFile = null)
    {
        ArgumentNullException.ThrowIfNull(runDirectories);
        if (runDirectories.Count is < 1 or > 2)
        {
            throw new ArgumentException($"A report is of one run directory, or two to compare; {runDirectories.Count} were given.", nameof(runDirectories));
        }

        var runs = runDirectories.Select(RunDirectoryReader.Read).ToArray();
        if (comparisonFile is not null && runs.Length != 2)
        {
            throw new ArgumentException("A comparison file goes with two run directories (A and B).", nameof(comparisonFile));
        }

        return new Page(runs, comparisonFile is null ? null : PairedDifferences.Read(comparisonFile)).Render();
    }

    /// <summary>One report being written: the runs, and a counter that gives every chart a stable id.</summary>
    private sealed class Page(IReadOnlyList<RunData> runs, PairedDifferences? paired)
    {
        private readonly StringBuilder _html = new();
        private int _charts;

        private bool Comparing => runs.Count == 2;

        private static string RunLetter(int index) => index == 0 ? "A" : "B";

        /// <summary>A's blue and B's orange, the same in every chart and bar of the page.</summary>
        private static RunColours Colours(int index) => index == 0 ? RunColours.A : RunColours.B;

        public string Render()
        {
            var title = Comparing
                ? $"LiubeiSim report: {runs[0].Summary.Scenario} (A) and {runs[1].Summary.Scenario} (B)"
                : $"LiubeiSim report: {runs[0].Summary.Scenario}";
            _html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append(CultureInfo.InvariantCulture, $"<meta name=\"generator\" content=\"liubeisim {Html.Escape(AnalysisInfo.ToolVersion)}\">\n")
                .Append(CultureInfo.InvariantCulture, $"<title>{Html.Escape(title)}</title>\n")
                .Append("<style>\n").Append(Styles).Append("</style>\n</head>\n<body>\n")
                .Append(CultureInfo.InvariantCulture, $"<header>\n<h1>{Html.Escape(title)}</h1>\n")
                .Append("<p class=\"note\">Liubei district (柳北区, Liuzhou): the base year and the simulated months, as distributions across Monte Carlo replications. ")
                .Append("Flows (output, GDP, investment, R&amp;D, jobs, capital, counts) are totals over the last 12 months, or the year to date in the horizon's first months; stocks are end-of-month levels; shares are 12-month means.</p>\n")
                .Append("</header>\n");

            Contents();
            Scenarios();
            if (Comparing)
            {
                Comparison();
            }

            for (var r = 0; r < runs.Count; r++)
            {
                Indicators(r);
                Targets(r);
            }

            Provenance();
            _html.Append("<footer>\n<p class=\"note\">Written by <code>liubeisim report</code> ")
                .Append(CultureInfo.InvariantCulture, $"(LiubeiSim {Html.Escape(AnalysisInfo.ToolVersion)}) from summary.json, indicators.csv and targets.csv of ")
                .Append(string.Join(" and ", runs.Select((r, i) => (Comparing ? RunLetter(i) + ": " : string.Empty) + $"<code>{Html.Escape(r.Label)}</code>")))
                .Append(". The page is self-contained: no script, no network.</p>\n</footer>\n</body>\n</html>\n");
            return _html.ToString();
        }

        private string RunName(int r) => Comparing ? $"{RunLetter(r)}: {runs[r].Summary.Scenario}" : runs[r].Summary.Scenario;

        private string Suffix(int r) => Comparing ? "-" + RunLetter(r).ToLowerInvariant() : string.Empty;

        private void Contents()
        {
            _html.Append("<nav aria-label=\"Contents\">\n<ul>\n<li><a href=\"#scenario\">Scenario</a></li>\n");
            if (Comparing)
            {
                _html.Append("<li><a href=\"#comparison\">Comparison of A and B</a></li>\n");
            }

            for (var r = 0; r < runs.Count; r++)
            {
                var name = Comparing ? $" ({Html.Escape(RunName(r))})" : string.Empty;
                _html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#indicators{Suffix(r)}\">Indicators{name}</a></li>\n")
                    .Append(CultureInfo.InvariantCulture, $"<li><a href=\"#targets{Suffix(r)}\">Targets{name}</a></li>\n");
            }

            _html.Append("<li><a href=\"#provenance\">Where the base-year numbers come from</a></li>\n</ul>\n</nav>\n");
        }

        private void Scenarios()
        {
            _html.Append("<section id=\"scenario\">\n<h2>Scenario</h2>\n<table class=\"facts\">\n");
            if (Comparing)
            {
                _html.Append("<thead><tr><th scope=\"col\"></th><th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead>\n");
            }

            _html.Append("<tbody>\n");
            Fact("scenario", r => $"<strong>{Html.Escape(r.Summary.Scenario)}</strong>");
            Fact("description", r => r.Summary.Description is { Length: > 0 } d
                ? $"<span class=\"text\">{Html.Escape(d)}</span>"
                : "<span class=\"note\">not recorded in summary.json</span>");
            Fact("base year", r => r.Summary.BaseYear.ToString(CultureInfo.InvariantCulture));
            Fact("horizon", r => $"{r.Summary.Start} to {r.Summary.End} ({r.Summary.Months.ToString(CultureInfo.InvariantCulture)} months)");
            Fact("seed", r => Html.Escape(r.Summary.Seed));
            Fact("replications", r => r.Summary.Replications.ToString("#,##0", CultureInfo.InvariantCulture));
            Fact("engine", r => r.Summary.Engine is { } e ? Html.Escape(e) : "<span class=\"note\">not recorded</span>");
            Fact("levers set", r => r.Summary.LeversSet.Count == 0
                ? "none: every lever at its base-year default"
                : string.Join("<br>", r.Summary.LeversSet.Select(l => $"<code>{Html.Escape(l.Key)}</code> = {Html.Exact(l.Value)}{LeverUnit(l.Key)}")));
            Fact("assumption overrides", r => r.Summary.Assumptions switch
            {
                null => "<span class=\"note\">not recorded in summary.json</span>",
                { Count: 0 } => "none",
                var a => string.Join("<br>", a.Select(o => $"<code>{Html.Escape(o.Key)}</code> = {Html.Escape(o.Value)}")),
            });
            Fact("tool version", r => r.Summary.ToolVersion is { } v ? Html.Escape(v) : "<span class=\"note\">not recorded in summary.json</span>");
            Fact("run directory", r => $"<code>{Html.Escape(r.Label)}</code>");
            _html.Append("</tbody>\n</table>\n</section>\n");
        }

        private static string LeverUnit(string lever) =>
            LeverCatalog.TryGet(lever, out var definition) && definition.Unit.Length > 0 ? " " + Html.Escape(definition.Unit) : string.Empty;

        private void Fact(string name, Func<RunData, string> value)
        {
            _html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{name}</th>");
            foreach (var run in runs)
            {
                _html.Append("<td>").Append(value(run)).Append("</td>");
            }

            _html.Append("</tr>\n");
        }

        /// <summary>The headline indicators, then any district indicator a target of these runs is on, in catalog order.</summary>
        private static List<string> Headline(IEnumerable<RunData> of)
        {
            var ids = HeadlineIndicators.ToList();
            foreach (var target in of.SelectMany(r => r.Targets))
            {
                if (target.Scope == District && !ids.Contains(target.Indicator, StringComparer.Ordinal))
                {
                    ids.Add(target.Indicator);
                }
            }

            static int Rank(string id)
            {
                var index = IndicatorCatalog.All.ToList().FindIndex(i => i.Id == id);
                return index < 0 ? int.MaxValue : index;
            }

            // Stable: indicators the catalog does not know keep the order they were met in, after the known ones.
            return [.. ids.Select((id, i) => (id, i)).OrderBy(p => Rank(p.id)).ThenBy(p => p.i).Select(p => p.id)];
        }

        private static string Unit(RunData run, string indicator, string scope) =>
            run.FindInfo(indicator, scope)?.Unit is { Length: > 0 } unit ? unit
            : IndicatorCatalog.TryGet(indicator, out var definition) ? definition.Unit
            : string.Empty;

        private static double? Base(RunData run, string indicator, string scope) =>
            run.FindInfo(indicator, scope)?.Base
            ?? run.Targets.FirstOrDefault(t => t.Indicator == indicator && t.Scope == scope && t.Base is not null)?.Base;

        private static string Describe(string indicator) =>
            IndicatorCatalog.TryGet(indicator, out var definition) ? definition.Description : string.Empty;

        private static string WithUnit(string value, string unit) => unit.Length == 0 ? value : unit == "%" ? value + "%" : $"{value} {unit}";

        /// <summary>A target's condition as a person says it: "≥ 5% growth on 2022 (≥ 1,018.5 亿元)".</summary>
        private static string Condition(TargetData t, string unit, int baseYear)
        {
            var sign = t.Direction == "at-least" ? "\u2265" : "\u2264";
            if (!t.IsGrowth)
            {
                return $"{sign} {WithUnit(Html.Plain(t.Threshold), unit)}";
            }

            var growth = $"{sign} {Html.Plain(t.Threshold)}% growth on {baseYear.ToString(CultureInfo.InvariantCulture)}";
            return t.Level is { } level ? $"{growth} ({sign} {WithUnit(Html.Number(level), unit)})" : growth;
        }

        private void Indicators(int r)
        {
            var run = runs[r];
            var heading = Comparing ? $"Indicators, {RunName(r)}" : "Indicators";
            _html.Append(CultureInfo.InvariantCulture, $"<section id=\"indicators{Suffix(r)}\">\n<h2>{Html.Escape(heading)}</h2>\n")
                .Append("<p class=\"note\">District, month by month: the dark band holds 80% of the replications (P10\u2013P90), the light band 90% (P5\u2013P95), the line is the median (P50). ")
                .Append("The dashed grey line is the base-year value, the dash-dotted red line a target's threshold at the end of the horizon.</p>\n");
            foreach (var indicator in Headline([run]))
            {
                var series = run.FindSeries(indicator, District);
                if (series is null)
                {
                    _html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\"><code>{Html.Escape(indicator)}</code> (district) is not in this run's indicators.csv.</p>\n");
                    continue;
                }

                var unit = Unit(run, indicator, District);
                var levels = new List<ChartLevel>();
                var baseValue = Base(run, indicator, District);
                if (baseValue is { } b)
                {
                    levels.Add(new ChartLevel("base", $"{run.Summary.BaseYear.ToString(CultureInfo.InvariantCulture)}: {Html.Number(b)}", b, null));
                }

                var targets = run.Targets.Where(t => t.Indicator == indicator && t.Scope == District).ToList();
                foreach (var t in targets)
                {
                    if (t.Level is { } level)
                    {
                        levels.Add(new ChartLevel("target", $"target {Html.Number(level)}", level, t.Name));
                    }
                }

                var end = series.Count - 1;
                var description = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"{indicator}, district, in {(unit.Length == 0 ? "its own unit" : unit)}, monthly from {series.Months[0]} to {series.Months[end]}. ")
                    .Append(CultureInfo.InvariantCulture, $"Median (P50) {Html.Number(series.P50[0])} in {series.Months[0]}, {Html.Number(series.P50[end])} in {series.Months[end]}; ")
                    .Append(CultureInfo.InvariantCulture, $"at the end P10\u2013P90 {Html.Number(series.P10[end])} to {Html.Number(series.P90[end])}, P5\u2013P95 {Html.Number(series.P5[end])} to {Html.Number(series.P95[end])}.");
                if (baseValue is { } bv)
                {
                    description.Append(CultureInfo.InvariantCulture, $" Base year {run.Summary.BaseYear}: {Html.Number(bv)}.");
                }

                foreach (var t in targets)
                {
                    description.Append(CultureInfo.InvariantCulture, $" Target \u201C{t.Name}\u201D: {Condition(t, unit, run.Summary.BaseYear)}, met with probability {Html.Percent(t.Probability)}.");
                }

                var spec = new ChartSpec(NextChartId(), indicator, District, unit, $"{indicator} (district, {unit}): monthly fan chart", description.ToString(), [new ChartRun(RunLetter(r), series, Colours(r))], true, levels);
                Figure(indicator, unit, spec, () =>
                {
                    _html.Append(CultureInfo.InvariantCulture, $"{series.Months[end]}: P50 <strong>{Html.Escape(WithUnit(Html.Number(series.P50[end]), unit))}</strong>, P10\u2013P90 {Html.Number(series.P10[end])} to {Html.Number(series.P90[end])}");
                    if (baseValue is { } v)
                    {
                        _html.Append(CultureInfo.InvariantCulture, $"; base year {run.Summary.BaseYear}: {Html.Number(v)}");
                    }

                    foreach (var t in targets)
                    {
                        _html.Append(CultureInfo.InvariantCulture, $"; target \u201C{Html.Escape(t.Name)}\u201D {Html.Escape(Condition(t, unit, run.Summary.BaseYear))}: {Html.Percent(t.Probability)}");
                        if (t.Level is null)
                        {
                            _html.Append(" (not drawn: no base-year value to grow from)");
                        }
                    }

                    _html.Append('.');
                });
                DataTable(series, unit);
                _html.Append("</figure>\n");
            }

            _html.Append("</section>\n");
        }

        private string NextChartId() => "chart" + (++_charts).ToString(CultureInfo.InvariantCulture);

        /// <summary>Opens a figure: heading, chart, caption. The caller adds what follows and closes it.</summary>
        private void Figure(string indicator, string unit, ChartSpec spec, Action caption)
        {
            var about = Describe(indicator);
            _html.Append(CultureInfo.InvariantCulture, $"<figure class=\"indicator\" data-indicator=\"{Html.Escape(indicator)}\">\n")
                .Append(CultureInfo.InvariantCulture, $"<h3><code>{Html.Escape(indicator)}</code>{(unit.Length == 0 ? string.Empty : $" <span class=\"unit\">({Html.Escape(unit)})</span>")}</h3>\n");
            if (about.Length > 0)
            {
                _html.Append(CultureInfo.InvariantCulture, $"<p class=\"about\">{Html.Escape(about)}</p>\n");
            }

            _html.Append(FanChart.Render(spec)).Append("<figcaption>");
            caption();
            _html.Append("</figcaption>\n");
        }

        /// <summary>The chart's numbers as a table, for screen readers and for copying.</summary>
        private void DataTable(SeriesData series, string unit)
        {
            _html.Append(CultureInfo.InvariantCulture, $"<details><summary>Data table ({Html.Escape(unit.Length == 0 ? "values" : unit)})</summary>\n<table class=\"data\">\n")
                .Append("<thead><tr><th scope=\"col\">month</th><th scope=\"col\" class=\"num\">P5</th><th scope=\"col\" class=\"num\">P10</th><th scope=\"col\" class=\"num\">P50</th><th scope=\"col\" class=\"num\">P90</th><th scope=\"col\" class=\"num\">P95</th><th scope=\"col\" class=\"num\">mean</th></tr></thead>\n<tbody>\n");
            for (var i = 0; i < series.Count; i++)
            {
                _html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{series.Months[i]}</th>");
                foreach (var v in new[] { series.P5[i], series.P10[i], series.P50[i], series.P90[i], series.P95[i], series.Mean[i] })
                {
                    _html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Html.Number(v)}</td>");
                }

                _html.Append("</tr>\n");
            }

            _html.Append("</tbody>\n</table>\n</details>\n");
        }

        private void Targets(int r)
        {
            var run = runs[r];
            var heading = Comparing ? $"Targets, {RunName(r)}" : "Targets";
            _html.Append(CultureInfo.InvariantCulture, $"<section id=\"targets{Suffix(r)}\">\n<h2>{Html.Escape(heading)}</h2>\n");
            if (run.Targets.Count == 0)
            {
                _html.Append("<p class=\"note\">The scenario sets no targets.</p>\n</section>\n");
                return;
            }

            _html.Append("<p class=\"note\">The probability that the indicator, at the end of the horizon, is on the target's side of the threshold: the share of replications that meet it.</p>\n")
                .Append("<table class=\"targets\">\n<thead><tr><th scope=\"col\">target</th><th scope=\"col\">indicator</th><th scope=\"col\">condition</th><th scope=\"col\" class=\"num\">base</th><th scope=\"col\" class=\"num\">P50</th><th scope=\"col\">probability of meeting it</th></tr></thead>\n<tbody>\n");
            foreach (var t in run.Targets)
            {
                var unit = Unit(run, t.Indicator, t.Scope);
                _html.Append(CultureInfo.InvariantCulture, $"<tr data-target=\"{Html.Escape(t.Name)}\"><th scope=\"row\">{Html.Escape(t.Name)}</th>")
                    .Append(CultureInfo.InvariantCulture, $"<td><code>{Html.Escape(t.Indicator)}</code>{(t.Scope == District ? string.Empty : $" ({Html.Escape(t.Scope)})")}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td>{Html.Escape(Condition(t, unit, run.Summary.BaseYear))}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(t.Base is { } b ? Html.Number(b) : "\u2014")}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Html.Number(t.P50)}</td>")
                    .Append("<td class=\"probability\">").Append(Bar(t, RunLetter(r), Colours(r))).Append("</td></tr>\n");
            }

            _html.Append("</tbody>\n</table>\n</section>\n");
        }

        /// <summary>A probability as a horizontal bar with its percentage; SVG so it prints without background graphics.</summary>
        private static string Bar(TargetData t, string run, RunColours colours)
        {
            const double width = 200;
            var filled = Html.Coordinate(t.Probability * width);
            var percent = Html.Percent(t.Probability);
            return $"<svg class=\"bar\" viewBox=\"0 0 {width.ToString(CultureInfo.InvariantCulture)} 14\" role=\"img\" aria-label=\"{Html.Escape(percent)}\" data-target=\"{Html.Escape(t.Name)}\" data-run=\"{run}\" data-probability=\"{Html.Exact(t.Probability)}\">"
                + $"<rect width=\"{width.ToString(CultureInfo.InvariantCulture)}\" height=\"14\" fill=\"#e4e4e4\"/><rect width=\"{filled}\" height=\"14\" fill=\"{colours.Line}\"/></svg>"
                + $" <span class=\"percent\">{Html.Escape(percent)}</span>";
        }

        private void Comparison()
        {
            var (a, b) = (runs[0], runs[1]);
            _html.Append("<section id=\"comparison\">\n<h2>Comparison of A and B</h2>\n")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"note\">A is <strong>{Html.Escape(a.Summary.Scenario)}</strong> (<code>{Html.Escape(a.Label)}</code>), B is <strong>{Html.Escape(b.Summary.Scenario)}</strong> (<code>{Html.Escape(b.Label)}</code>). ")
                .Append("Each chart shows both medians (P50) and both 80% bands (P10\u2013P90).</p>\n");
            if (paired is not null)
            {
                PairedTable(Headline(runs));
            }

            var headline = Headline(runs);
            foreach (var indicator in headline)
            {
                var chartRuns = new List<ChartRun>();
                var levels = new List<ChartLevel>();
                var description = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{indicator}, district, A against B. ");
                for (var r = 0; r < 2; r++)
                {
                    if (runs[r].FindSeries(indicator, District) is not { } s)
                    {
                        description.Append(CultureInfo.InvariantCulture, $"{RunLetter(r)} has no such series. ");
                        continue;
                    }

                    chartRuns.Add(new ChartRun(RunLetter(r), s, r == 0 ? RunColours.A : RunColours.B));
                    description.Append(CultureInfo.InvariantCulture, $"{RunLetter(r)} ({runs[r].Summary.Scenario}): P50 {Html.Number(s.P50[^1])} in {s.Months[^1]}, P10\u2013P90 {Html.Number(s.P10[^1])} to {Html.Number(s.P90[^1])}. ");
                    if (Base(runs[r], indicator, District) is { } bv && !levels.Any(l => l.Series == "base" && l.Value.Equals(bv)))
                    {
                        levels.Add(new ChartLevel("base", $"{runs[r].Summary.BaseYear.ToString(CultureInfo.InvariantCulture)}: {Html.Number(bv)}", bv, null));
                    }

                    foreach (var t in runs[r].Targets.Where(t => t.Indicator == indicator && t.Scope == District))
                    {
                        if (t.Level is { } level && !levels.Any(l => l.Target == t.Name && l.Value.Equals(level)))
                        {
                            levels.Add(new ChartLevel("target", $"target {Html.Number(level)}", level, t.Name));
                        }
                    }
                }

                if (chartRuns.Count == 0)
                {
                    continue;
                }

                var unit = Unit(a.FindSeries(indicator, District) is null ? b : a, indicator, District);
                var spec = new ChartSpec(NextChartId(), indicator, District, unit, $"{indicator} (district, {unit}): A and B", description.ToString().TrimEnd(), chartRuns, false, levels);
                Figure(indicator, unit, spec, () => _html.Append("A in blue, B in orange."));
                _html.Append("</figure>\n");
            }

            EndOfHorizon(headline);
            TargetChanges();
            _html.Append("</section>\n");
        }

        /// <summary>compare.json's B − A, replication by replication: what the two bands above cannot show.</summary>
        private void PairedTable(List<string> headline)
        {
            var how = paired!.Paired
                ? $"paired: both ran with seed {paired.Seed} and {paired.Replications:N0} replications, so replication r of A and of B saw the same random draws"
                : $"unpaired: B ran with a seed of its own, so its difference from A carries both runs' noise";
            _html.Append("<h3>Paired differences B \u2212 A at the end of the horizon</h3>\n")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"note\">From compare.json ({Html.Escape(how)}).</p>\n")
                .Append("<table class=\"compare\" id=\"paired\">\n<thead><tr><th scope=\"col\">indicator</th><th scope=\"col\">unit</th><th scope=\"col\" class=\"num\">B \u2212 A P50</th><th scope=\"col\" class=\"num\">P10</th><th scope=\"col\" class=\"num\">P90</th><th scope=\"col\" class=\"num\">P(B &gt; A)</th></tr></thead>\n<tbody>\n");
            foreach (var indicator in headline)
            {
                if (paired.Find(indicator, District) is not { } row)
                {
                    continue;
                }

                _html.Append(CultureInfo.InvariantCulture, $"<tr data-indicator=\"{Html.Escape(indicator)}\" data-diff-p50=\"{Html.Exact(row.P50)}\" data-prob-b-greater=\"{Html.Exact(row.ProbabilityBGreater)}\">")
                    .Append(CultureInfo.InvariantCulture, $"<th scope=\"row\"><code>{Html.Escape(indicator)}</code></th><td>{Html.Escape(row.Unit)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Html.Signed(row.P50)}</td><td class=\"num\">{Html.Signed(row.P10)}</td><td class=\"num\">{Html.Signed(row.P90)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Html.Escape(row.ProbabilityBGreater.ToString("P0", CultureInfo.InvariantCulture))}</td></tr>\n");
            }

            _html.Append("</tbody>\n</table>\n");
        }

        private void EndOfHorizon(List<string> headline)
        {
            var (a, b) = (runs[0], runs[1]);
            _html.Append("<h3>End of the horizon</h3>\n")
                .Append(CultureInfo.InvariantCulture, $"<table class=\"compare\">\n<thead><tr><th scope=\"col\">indicator</th><th scope=\"col\">unit</th><th scope=\"col\" class=\"num\">P50 A ({a.Summary.End})</th><th scope=\"col\" class=\"num\">P50 B ({b.Summary.End})</th><th scope=\"col\" class=\"num\">B \u2212 A</th><th scope=\"col\" class=\"num\">change</th></tr></thead>\n<tbody>\n");
            foreach (var indicator in headline)
            {
                var sa = a.FindSeries(indicator, District);
                var sb = b.FindSeries(indicator, District);
                var unit = Unit(sa is null ? b : a, indicator, District);
                _html.Append(CultureInfo.InvariantCulture, $"<tr data-indicator=\"{Html.Escape(indicator)}\"")
                    .Append(sa is null ? string.Empty : $" data-a=\"{Html.Exact(sa.P50[^1])}\"")
                    .Append(sb is null ? string.Empty : $" data-b=\"{Html.Exact(sb.P50[^1])}\"")
                    .Append(CultureInfo.InvariantCulture, $"><th scope=\"row\"><code>{Html.Escape(indicator)}</code></th><td>{Html.Escape(unit)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(sa is null ? "\u2014" : Html.Number(sa.P50[^1]))}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(sb is null ? "\u2014" : Html.Number(sb.P50[^1]))}</td>");
                if (sa is not null && sb is not null)
                {
                    var difference = sb.P50[^1] - sa.P50[^1];
                    var relative = sa.P50[^1] == 0 ? "\u2014" : Html.Escape((difference / Math.Abs(sa.P50[^1]) * 100).ToString("+0.0;\u22120.0;0.0", CultureInfo.InvariantCulture)) + "%";
                    _html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Html.Signed(difference)}</td><td class=\"num\">{relative}</td>");
                }
                else
                {
                    _html.Append("<td class=\"num\">\u2014</td><td class=\"num\">\u2014</td>");
                }

                _html.Append("</tr>\n");
            }

            _html.Append("</tbody>\n</table>\n");
        }

        private void TargetChanges()
        {
            var (a, b) = (runs[0], runs[1]);
            var keys = a.Targets.Select(t => t.Key).Concat(b.Targets.Select(t => t.Key)).Distinct().ToList();
            _html.Append("<h3>Targets</h3>\n");
            if (keys.Count == 0)
            {
                _html.Append("<p class=\"note\">Neither scenario sets targets.</p>\n");
                return;
            }

            _html.Append("<table class=\"targets compare\">\n<thead><tr><th scope=\"col\">target</th><th scope=\"col\">condition</th><th scope=\"col\">probability in A</th><th scope=\"col\">probability in B</th><th scope=\"col\" class=\"num\">change</th></tr></thead>\n<tbody>\n");
            foreach (var key in keys)
            {
                var ta = a.Targets.FirstOrDefault(t => t.Key == key);
                var tb = b.Targets.FirstOrDefault(t => t.Key == key);
                var (owner, shown) = ta is not null ? (a, ta) : (b, tb!);
                var unit = Unit(owner, shown.Indicator, shown.Scope);
                var scope = shown.Scope == District ? string.Empty : $" ({Html.Escape(shown.Scope)})";
                _html.Append(CultureInfo.InvariantCulture, $"<tr data-target=\"{Html.Escape(shown.Name)}\"")
                    .Append(ta is null ? string.Empty : $" data-a=\"{Html.Exact(ta.Probability)}\"")
                    .Append(tb is null ? string.Empty : $" data-b=\"{Html.Exact(tb.Probability)}\"")
                    .Append(ta is not null && tb is not null ? $" data-change=\"{Html.Exact(tb.Probability - ta.Probability)}\"" : string.Empty)
                    .Append(CultureInfo.InvariantCulture, $"><th scope=\"row\">{Html.Escape(shown.Name)}</th>")
                    .Append(CultureInfo.InvariantCulture, $"<td><code>{Html.Escape(shown.Indicator)}</code>{scope} {Html.Escape(Condition(shown, unit, owner.Summary.BaseYear))}</td>")
                    .Append("<td class=\"probability\">").Append(ta is null ? "not a target of A" : Bar(ta, "A", RunColours.A)).Append("</td>")
                    .Append("<td class=\"probability\">").Append(tb is null ? "not a target of B" : Bar(tb, "B", RunColours.B)).Append("</td>")
                    .Append(ta is not null && tb is not null
                        ? $"<td class=\"num\">{Html.Points(tb.Probability - ta.Probability)}</td>"
                        : "<td class=\"num\">\u2014</td>")
                    .Append("</tr>\n");
            }

            _html.Append("</tbody>\n</table>\n");
        }

        private void Provenance()
        {
            _html.Append("<section id=\"provenance\">\n<h2>Where the base-year numbers come from</h2>\n")
                .Append("<p class=\"note\">Every figure of the base-year dataset the run read, and every figure their formulas are computed from, with its kind: <em>reported</em> figures quote the report (柳北区) verbatim, ")
                .Append("<em>derived</em> ones give their formula, <em>assumptions</em> their reason or outside source, <em>not-stated</em> ones what the report lost.</p>\n");

            // Runs that read the same figures with the same overrides share one table.
            var groups = new List<(List<int> Runs, FiguresUsed.Result Used, IReadOnlyList<KeyValuePair<string, string>> Overrides)>();
            for (var r = 0; r < runs.Count; r++)
            {
                var used = FiguresUsed.For(runs[r].Summary);
                var overrides = runs[r].Summary.Assumptions ?? [];
                var same = groups.FindIndex(g => g.Used.Figures.SequenceEqual(used.Figures) && g.Used.Note == used.Note && g.Overrides.SequenceEqual(overrides));
                if (same >= 0)
                {
                    groups[same].Runs.Add(r);
                }
                else
                {
                    groups.Add(([r], used, overrides));
                }
            }

            foreach (var (members, used, overrides) in groups)
            {
                if (Comparing)
                {
                    var who = members.Count == 2 ? "A and B (the same figures)" : RunName(members[0]);
                    _html.Append(CultureInfo.InvariantCulture, $"<h3>{Html.Escape(who)}</h3>\n");
                }

                if (used.Note is { } note)
                {
                    _html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{Html.Escape(note)}</p>\n");
                }

                var overridden = overrides.GroupBy(o => o.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
                _html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{used.Figures.Count.ToString(CultureInfo.InvariantCulture)} figures, {used.Figures.Count(u => u.Via.Count == 0).ToString(CultureInfo.InvariantCulture)} of them read by the model directly.</p>\n")
                    .Append("<table class=\"provenance\">\n<thead><tr><th scope=\"col\" class=\"c-id\">id</th><th scope=\"col\" class=\"c-name\">name</th><th scope=\"col\" class=\"num c-value\">value</th><th scope=\"col\" class=\"c-unit\">unit</th><th scope=\"col\" class=\"c-kind\">kind</th><th scope=\"col\">source</th></tr></thead>\n<tbody>\n");
                foreach (var (f, via) in used.Figures)
                {
                    var value = f.Value is { } v ? Html.Exact(v) : f.Text ?? "\u2014";
                    // The figures come from the dataset with the run's overrides applied; "dataset" is the shipped value.
                    var shipped = BaseYearDataset.Default.TryGetFigure(f.Id, out var original) && original.Value is { } sv ? Html.Exact(sv) : value;
                    var valueCell = overridden.TryGetValue(f.Id, out var o)
                        ? $"<strong>{Html.Escape(o)}</strong><br><span class=\"note\">overridden; dataset: {Html.Escape(shipped)}</span>"
                        : Html.Escape(value);
                    var lang = f.Kind == FigureKind.Reported ? " lang=\"zh\"" : string.Empty;
                    var usedBy = via.Count == 0 ? string.Empty : $"<br><span class=\"note\">in the formula of {string.Join(", ", via.Select(v => $"<code>{Html.Escape(v)}</code>"))}</span>";
                    _html.Append(CultureInfo.InvariantCulture, $"<tr data-figure=\"{Html.Escape(f.Id)}\" data-kind=\"{f.Kind.ToName()}\" data-use=\"{(via.Count == 0 ? "read" : "formula")}\"><td><code>{Html.Escape(f.Id)}</code>{usedBy}</td><td>{Html.Escape(f.Name)}</td>")
                        .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{valueCell}</td><td>{Html.Escape(f.Unit)}</td><td>{f.Kind.ToName()}</td>")
                        .Append(CultureInfo.InvariantCulture, $"<td class=\"source\"{lang}>{Html.Escape(f.Source)}</td></tr>\n");
                }

                _html.Append("</tbody>\n</table>\n");
            }

            _html.Append("</section>\n");
        }

        private const string Styles = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
                   color: #1a1a1a; background: #fff; line-height: 1.45; max-width: 1000px; margin: 0 auto; padding: 1.5rem; }
            h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
            h2 { font-size: 1.3rem; border-bottom: 1px solid #bbb; padding-bottom: .2rem; margin-top: 2.4rem; }
            h3 { font-size: 1.05rem; margin: 1.4rem 0 .2rem; }
            code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .92em; }
            nav ul { columns: 2; padding-left: 1.2rem; }
            table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .6rem 0 1rem; }
            th, td { border-bottom: 1px solid #ddd; padding: .28rem .5rem; text-align: left; vertical-align: top; }
            thead th { border-bottom: 2px solid #999; }
            .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .facts th[scope=row] { width: 11rem; color: #444; font-weight: 600; }
            .text { white-space: pre-line; }
            .note { color: #555; font-size: .9rem; }
            .about { margin: 0 0 .3rem; color: #444; font-size: .9rem; }
            .unit { font-weight: normal; color: #555; }
            figure { margin: 1.4rem 0 1.8rem; break-inside: avoid; }
            svg.chart { display: block; width: 100%; height: auto; }
            figcaption { font-size: .9rem; color: #333; margin-top: .2rem; }
            details { margin-top: .3rem; }
            details summary { cursor: pointer; color: #1d4f91; font-size: .9rem; }
            .probability { white-space: nowrap; }
            svg.bar { width: 200px; max-width: 60%; height: 14px; vertical-align: middle; }
            .percent { display: inline-block; min-width: 3.2em; text-align: right; font-variant-numeric: tabular-nums; }
            table.provenance { table-layout: fixed; }
            .provenance td { overflow-wrap: anywhere; }
            .provenance .c-id { width: 21%; } .provenance .c-name { width: 19%; } .provenance .c-value { width: 9%; }
            .provenance .c-unit { width: 7%; } .provenance .c-kind { width: 9%; }
            .provenance td.source { font-size: .85rem; }
            .provenance td.num { white-space: normal; }
            footer { margin-top: 2.5rem; border-top: 1px solid #bbb; }
            @media print {
              @page { size: A4; margin: 14mm; }
              body { max-width: none; padding: 0; font-size: 9.5pt; }
              nav, details { display: none; }
              h2, h3 { break-after: avoid; }
              tr { break-inside: avoid; }
              * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
              a { color: inherit; text-decoration: none; }
            }

            """;
    }
}
