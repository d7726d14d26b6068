using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LiubeiSim.Analysis.Reporting;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Tests.Reporting;

public sealed class HtmlReportTests(RunDirectories runs)
{
    private const string Hostile = "</script><script>alert(1)</script>";

    /// <summary>The charted indicators: the headline ones and every district indicator the run's targets are on.</summary>
    private static IReadOnlyList<string> Charted(RunDirectories runs) =>
        HtmlReport.HeadlineIndicators
            .Concat(runs.BaselineResult.Targets.Where(t => t.Target.Scope == "district").Select(t => t.Target.Indicator))
            .Distinct()
            .ToArray();

    [Fact]
    public void Report_is_self_contained()
    {
        var html = HtmlReport.Render([runs.Baseline, runs.Boost]);

        foreach (var forbidden in new[] { "http://", "https://", "src=", "<script", "<link", "url(", "@import", "<img", "<iframe", "<object", "<embed", "//cdn" })
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_from_the_run_files_is_escaped()
    {
        var copy = runs.CopyOf(runs.Baseline);
        EditSummary(copy, summary =>
        {
            summary["scenario"] = "bad<b>name</b>&\"'";
            summary["description"] = Hostile;
            summary["engine"] = "<svg onload=alert(1)>";
        });
        var targets = Path.Combine(copy, RunReport.TargetsFile);
        var lines = File.ReadAllLines(targets);
        lines[1] = "\"<img src=x onerror=alert(1)>, \"\"quoted\"\"\"" + lines[1][lines[1].IndexOf(',', StringComparison.Ordinal)..];
        File.WriteAllLines(targets, lines);

        var html = HtmlReport.Render([copy]);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg onload", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>name", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>LiubeiSim report: bad&lt;b&gt;name&lt;/b&gt;&amp;&quot;&#39;</title>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;, &quot;quoted&quot;", html, StringComparison.Ordinal);

        // The target's name survives as data, exactly, once decoded.
        var bar = Assert.Single(ReportMarkup.Elements(html, "svg", ("class", "bar"), ("data-target", "<img src=x onerror=alert(1)>, \"quoted\"")));
        Assert.Equal(runs.BaselineResult.Targets[0].Probability, double.Parse(bar["data-probability"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void P50_lines_carry_the_indicators_csv_values_exactly()
    {
        var html = HtmlReport.Render([runs.Baseline]);
        var csv = new IndicatorsCsvFile(runs.Baseline);

        foreach (var indicator in Charted(runs))
        {
            var path = Assert.Single(ReportMarkup.Elements(html, "path", ("data-series", "p50"), ("data-indicator", indicator)));
            Assert.Equal("district", path["data-scope"]);
            Assert.Equal(csv.Column(indicator, "p50"), ReportMarkup.Values(path["data-values"]));
            Assert.Equal(IndicatorsCsvFile.Numbers(csv.Column(indicator, "p50")), IndicatorsCsvFile.Numbers(ReportMarkup.Values(path["data-values"])));
            Assert.Equal(csv.Column(indicator, "month"), ReportMarkup.Values(path["data-months"]));
        }

        Assert.Equal(Charted(runs).Count, ReportMarkup.Elements(html, "svg", ("class", "chart")).Count);
    }

    [Fact]
    public void Bands_carry_the_indicators_csv_values_exactly()
    {
        var html = HtmlReport.Render([runs.Baseline]);
        var csv = new IndicatorsCsvFile(runs.Baseline);

        foreach (var indicator in Charted(runs))
        {
            foreach (var (band, lower, upper) in new[] { ("p5-p95", "p5", "p95"), ("p10-p90", "p10", "p90") })
            {
                var path = Assert.Single(ReportMarkup.Elements(html, "path", ("data-series", band), ("data-indicator", indicator)));
                Assert.Equal(csv.Column(indicator, lower), ReportMarkup.Values(path["data-lower"]));
                Assert.Equal(csv.Column(indicator, upper), ReportMarkup.Values(path["data-upper"]));
            }
        }
    }

    [Fact]
    public void Charts_draw_the_base_year_and_target_thresholds()
    {
        var html = HtmlReport.Render([runs.Baseline]);
        var result = runs.BaselineResult;

        var outputChart = ChartMarkup(html, "industrial_output");
        var baseline = Assert.Single(ReportMarkup.Elements(outputChart, "line", ("data-series", "base")));
        var output0 = result.BaseValues[Model.Engine.SeriesLayout.IndustrialOutput]!.Value;
        Assert.Equal(output0, double.Parse(baseline["data-value"], CultureInfo.InvariantCulture));

        // A growth target is drawn at the level it asks for; a level target at its threshold.
        var revival = Assert.Single(ReportMarkup.Elements(html, "line", ("data-series", "target"), ("data-target", "Industrial revival")));
        Assert.Equal(output0 * 1.05, double.Parse(revival["data-value"], CultureInfo.InvariantCulture), 9);
        var jobs = Assert.Single(ReportMarkup.Elements(html, "line", ("data-series", "target"), ("data-target", "New urban jobs")));
        Assert.Equal(10700, double.Parse(jobs["data-value"], CultureInfo.InvariantCulture));

        // Axes say the unit and the months.
        var svg = Assert.Single(ReportMarkup.Elements(html, "svg", ("class", "chart"), ("data-indicator", "industrial_output")));
        Assert.Equal("亿元", svg["data-unit"]);
        Assert.Contains(">2023-01</text>", html, StringComparison.Ordinal);
        Assert.Contains(">2023-12</text>", html, StringComparison.Ordinal);
        Assert.Contains(">亿元</text>", html, StringComparison.Ordinal);
        Assert.Contains(">people</text>", html, StringComparison.Ordinal);
        Assert.Contains("<desc id=\"chart1-desc\">", html, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Data table", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_bars_carry_the_targets_csv_probabilities()
    {
        var html = HtmlReport.Render([runs.Baseline]);
        var rows = File.ReadAllLines(Path.Combine(runs.Baseline, RunReport.TargetsFile)).Skip(1).Select(l => l.Split(',')).ToArray();

        var bars = ReportMarkup.Elements(html, "svg", ("class", "bar"));
        Assert.Equal(rows.Length, bars.Count);
        foreach (var (row, bar) in rows.Zip(bars))
        {
            Assert.Equal(row[0], bar["data-target"]);
            Assert.Equal(row[8], bar["data-probability"]);
            var percent = double.Parse(row[8], CultureInfo.InvariantCulture) * 100;
            Assert.Equal($"{percent.ToString("0", CultureInfo.InvariantCulture)}%", bar["aria-label"]);
        }
    }

    [Fact]
    public void Provenance_lists_every_figure_the_run_read_with_its_verbatim_source()
    {
        var html = HtmlReport.Render([runs.Baseline]);
        var read = ModelParameters.Build(BaseYearDataset.Default, runs.BaselineResult.Scenario).FiguresRead;
        var provenance = ReportMarkup.Section(html, "provenance");

        var rows = ReportMarkup.Elements(provenance, "tr").Where(r => r.Get("data-figure") is not null).ToArray();
        Assert.Equal(read.Order(StringComparer.Ordinal), rows.Where(r => r["data-use"] == "read").Select(r => r["data-figure"]).Order(StringComparer.Ordinal));

        // The rest are what the derived figures read are computed from, each referenced by a formula of a listed one.
        var listed = rows.Select(r => r["data-figure"]).ToHashSet(StringComparer.Ordinal);
        var formulas = string.Concat(listed.Select(BaseYearDataset.Default.GetFigure).Where(f => f.Kind == FigureKind.Derived).Select(f => f.Source));
        Assert.All(rows.Where(r => r["data-use"] == "formula"), r => Assert.Contains("{" + r["data-figure"] + "}", formulas, StringComparison.Ordinal));
        foreach (var derived in listed.Select(BaseYearDataset.Default.GetFigure).Where(f => f.Kind == FigureKind.Derived))
        {
            foreach (Match reference in Regex.Matches(derived.Source, @"\{([^{}]*)\}"))
            {
                Assert.Contains(reference.Groups[1].Value.Trim(), listed);
            }
        }

        var reported = 0;
        foreach (var id in listed)
        {
            var figure = BaseYearDataset.Default.GetFigure(id);
            var row = Regex.Match(provenance, $"<tr data-figure=\"{Regex.Escape(WebUtility.HtmlEncode(id))}\"[^>]*>.*?<td class=\"source\"([^>]*)>(.*?)</td></tr>");
            Assert.True(row.Success, $"no provenance row for {id}");
            Assert.Equal(figure.Kind == FigureKind.Reported ? " lang=\"zh\"" : string.Empty, row.Groups[1].Value);
            Assert.DoesNotContain('<', row.Groups[2].Value);
            Assert.Equal(figure.Source, WebUtility.HtmlDecode(row.Groups[2].Value));
            reported += figure.Kind == FigureKind.Reported ? 1 : 0;
        }

        Assert.True(reported > 10, $"only {reported} reported figures among those read");

        // Chinese stays Chinese: the source sentences are in the page as written, not as character references.
        var sentence = listed.Select(BaseYearDataset.Default.GetFigure).First(f => f.Kind == FigureKind.Reported && !f.Source.Any(c => c is '<' or '>' or '&' or '"' or '\''));
        Assert.Contains(sentence.Source, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_section_shows_description_overrides_and_tool_version_when_the_summary_has_them()
    {
        var copy = runs.CopyOf(runs.Baseline);
        // An override the model can run with, so the report rebuilds the run's figures with it applied.
        var overridden = BaseYearDataset.Default.GetFigure("chain.auto_parts_machinery.jobs_per_output");
        Assert.Contains(overridden.Id, ModelParameters.Build(BaseYearDataset.Default, runs.BaselineResult.Scenario).FiguresRead);
        EditSummary(copy, summary =>
        {
            summary["toolVersion"] = "9.8.7";
            summary["description"] = "What if nothing changes?\nSecond line.";
            summary["assumptions"] = new JsonObject { [overridden.Id] = 55.5 };
        });

        var html = HtmlReport.Render([copy]);
        var scenario = ReportMarkup.Section(html, "scenario");

        Assert.Contains("<td>9.8.7</td>", scenario, StringComparison.Ordinal);
        Assert.Contains("What if nothing changes?\nSecond line.", scenario, StringComparison.Ordinal);
        Assert.Contains($"<code>{overridden.Id}</code> = 55.5", scenario, StringComparison.Ordinal);
        Assert.Contains("<td>20230101</td>", scenario, StringComparison.Ordinal);
        Assert.Contains("<td>50</td>", scenario, StringComparison.Ordinal);
        Assert.Contains("2023-01 to 2023-12 (12 months)", scenario, StringComparison.Ordinal);
        Assert.Contains("<strong>55.5</strong><br><span class=\"note\">overridden; dataset: " + Html(overridden.Value!.Value), html, StringComparison.Ordinal);

        // A summary without them (written by an older version) says they are not recorded rather than inventing them.
        var old = runs.CopyOf(runs.Baseline);
        EditSummary(old, summary =>
        {
            summary.Remove("toolVersion");
            summary.Remove("description");
        });
        var plain = ReportMarkup.Section(HtmlReport.Render([old]), "scenario");
        Assert.Contains("<tr><th scope=\"row\">tool version</th><td><span class=\"note\">not recorded in summary.json</span></td></tr>", plain, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">levers set</th><td>none: every lever at its base-year default</td></tr>", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_runs_add_the_comparison_section()
    {
        var html = HtmlReport.Render([runs.Baseline, runs.Boost]);
        var comparison = ReportMarkup.Section(html, "comparison");
        var a = new IndicatorsCsvFile(runs.Baseline);
        var b = new IndicatorsCsvFile(runs.Boost);

        foreach (var indicator in Charted(runs))
        {
            foreach (var (run, csv) in new[] { ("A", a), ("B", b) })
            {
                var p50 = Assert.Single(ReportMarkup.Elements(comparison, "path", ("data-series", "p50"), ("data-indicator", indicator), ("data-run", run)));
                Assert.Equal(csv.Column(indicator, "p50"), ReportMarkup.Values(p50["data-values"]));
                var band = Assert.Single(ReportMarkup.Elements(comparison, "path", ("data-series", "p10-p90"), ("data-indicator", indicator), ("data-run", run)));
                Assert.Equal(csv.Column(indicator, "p10"), ReportMarkup.Values(band["data-lower"]));
                Assert.Equal(csv.Column(indicator, "p90"), ReportMarkup.Values(band["data-upper"]));
            }

            var row = Assert.Single(ReportMarkup.Elements(comparison, "tr", ("data-indicator", indicator)));
            var endA = double.Parse(a.Column(indicator, "p50")[^1], CultureInfo.InvariantCulture);
            var endB = double.Parse(b.Column(indicator, "p50")[^1], CultureInfo.InvariantCulture);
            Assert.Equal(endA, double.Parse(row["data-a"], CultureInfo.InvariantCulture));
            Assert.Equal(endB, double.Parse(row["data-b"], CultureInfo.InvariantCulture));
        }

        foreach (var target in runs.BaselineResult.Targets)
        {
            var inB = runs.BoostResult.Targets.Single(t => t.Target.Name == target.Target.Name);
            var row = Assert.Single(ReportMarkup.Elements(comparison, "tr", ("data-target", target.Target.Name)));
            Assert.Equal(target.Probability, double.Parse(row["data-a"], CultureInfo.InvariantCulture));
            Assert.Equal(inB.Probability, double.Parse(row["data-b"], CultureInfo.InvariantCulture));
            Assert.Equal(inB.Probability - target.Probability, double.Parse(row["data-change"], CultureInfo.InvariantCulture));
            Assert.Single(ReportMarkup.Elements(comparison, "svg", ("class", "bar"), ("data-target", target.Target.Name), ("data-run", "A")));
            Assert.Single(ReportMarkup.Elements(comparison, "svg", ("class", "bar"), ("data-target", target.Target.Name), ("data-run", "B")));
        }

        // Each run keeps its own sections too; one run alone has no comparison.
        Assert.Contains("<section id=\"indicators-a\">", html, StringComparison.Ordinal);
        Assert.Contains("<section id=\"indicators-b\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"comparison\"", HtmlReport.Render([runs.Baseline]), StringComparison.Ordinal);
    }

    [Fact]
    public void Same_run_files_give_the_same_bytes()
    {
        var output = runs.NewDirectory("same");
        var first = Path.Combine(output, "first.html");
        var second = Path.Combine(output, "second.html");

        HtmlReport.Write([runs.Baseline, runs.Boost], first);
        HtmlReport.Write([runs.CopyOf(runs.Baseline), runs.CopyOf(runs.Boost)], second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(["first.html", "second.html"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_named_and_nothing_is_written()
    {
        var copy = runs.CopyOf(runs.Baseline);
        File.Delete(Path.Combine(copy, RunReport.TargetsFile));
        var output = runs.NewDirectory("missing");
        var report = Path.Combine(output, "report.html");
        File.WriteAllText(report, "the previous report");

        var e = Assert.Throws<RunDirectoryException>(() => HtmlReport.Write([runs.Boost, copy], report));

        Assert.Equal(Path.Combine(copy, RunReport.TargetsFile), e.FilePath);
        Assert.Null(e.Line);
        Assert.StartsWith(Path.Combine(copy, RunReport.TargetsFile) + ": missing", e.Message, StringComparison.Ordinal);
        Assert.Equal("the previous report", File.ReadAllText(report));
        Assert.Equal([report], Directory.GetFiles(output));

        var absent = Path.Combine(runs.Root, "no-such-run");
        Assert.Equal(absent, Assert.Throws<RunDirectoryException>(() => HtmlReport.Render([absent])).FilePath);
    }

    [Theory]
    [InlineData(5, "p50", "abc", "'abc' is not a finite number")]
    [InlineData(7, "month", "2023-13", "'2023-13' is not a month YYYY-MM")]
    [InlineData(3, "p95", "NaN", "'NaN' is not a finite number")]
    [InlineData(4, "indicator", "", "empty")]
    public void A_malformed_indicators_row_names_file_line_and_field(int line, string column, string value, string problem)
    {
        var copy = runs.CopyOf(runs.Baseline);
        var path = Path.Combine(copy, RunReport.IndicatorsFile);
        var lines = File.ReadAllLines(path);
        var columns = lines[0].Split(',');
        var fields = lines[line - 1].Split(',');
        fields[Array.IndexOf(columns, column)] = value;
        lines[line - 1] = string.Join(',', fields);
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<RunDirectoryException>(() => HtmlReport.Render([copy]));

        Assert.Equal(path, e.FilePath);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Field);
        Assert.Equal(problem, e.Problem);
        Assert.Equal($"{path}:{line}: {column}: {problem}", e.Message);
    }

    [Fact]
    public void Short_rows_bad_headers_and_bad_summaries_are_named()
    {
        var copy = runs.CopyOf(runs.Baseline);
        var targets = Path.Combine(copy, RunReport.TargetsFile);
        var lines = File.ReadAllLines(targets);
        File.WriteAllLines(targets, [lines[0], lines[1], "Too short,rnd_spending"]);
        var e = Assert.Throws<RunDirectoryException>(() => HtmlReport.Render([copy]));
        Assert.Equal((targets, 3, (string?)null), (e.FilePath, e.Line, e.Field));
        Assert.Contains("2 fields where the header has 9", e.Message, StringComparison.Ordinal);

        File.WriteAllLines(targets, [lines[0].Replace("probability", "chance", StringComparison.Ordinal), lines[1]]);
        e = Assert.Throws<RunDirectoryException>(() => HtmlReport.Render([copy]));
        Assert.Equal((targets, 1, "probability"), (e.FilePath, e.Line, e.Field));

        File.WriteAllLines(targets, lines);
        EditSummary(copy, summary => summary.Remove("horizon"));
        e = Assert.Throws<RunDirectoryException>(() => HtmlReport.Render([copy]));
        Assert.Equal((Path.Combine(copy, RunReport.SummaryFile), "horizon"), (e.FilePath, e.Field));

        File.WriteAllText(Path.Combine(copy, RunReport.SummaryFile), "{\n  \"scenario\": \"x\",\n  \"seed\": \n}");
        e = Assert.Throws<RunDirectoryException>(() => HtmlReport.Render([copy]));
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void A_one_month_run_is_drawn_and_compared_with_a_year()
    {
        var scenario = ScenarioLibrary.Resolve("baseline-2023").Scenario! with { Months = 1, Replications = 20 };
        var directory = Path.Combine(runs.NewDirectory("one-month"), "one-month");
        Directory.CreateDirectory(directory);
        var result = Model.Engine.InProcessEngine.Run(scenario, cancellationToken: TestContext.Current.CancellationToken);
        File.WriteAllText(Path.Combine(directory, RunReport.SummaryFile), RunReport.Summary(result));
        File.WriteAllText(Path.Combine(directory, RunReport.IndicatorsFile), RunReport.IndicatorsCsv(result));
        File.WriteAllText(Path.Combine(directory, RunReport.TargetsFile), RunReport.TargetsCsv(result));

        var alone = HtmlReport.Render([directory]);
        var gdp = Assert.Single(ReportMarkup.Elements(alone, "path", ("data-series", "p50"), ("data-indicator", "gdp")));
        Assert.Equal([RunReport.Number(result.At(0, Model.Engine.SeriesLayout.Gdp).P50)], ReportMarkup.Values(gdp["data-values"]));
        Assert.Matches(@"^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$", gdp["d"]);

        var compared = ReportMarkup.Section(HtmlReport.Render([runs.Baseline, directory]), "comparison");
        Assert.Single(ReportMarkup.Values(Assert.Single(ReportMarkup.Elements(compared, "path", ("data-series", "p50"), ("data-indicator", "gdp"), ("data-run", "B")))["data-values"]));
        Assert.Contains("P50 B (2023-01)", compared, StringComparison.Ordinal);
    }

    [Fact]
    public void One_or_two_directories_only()
    {
        Assert.Throws<ArgumentException>(() => HtmlReport.Render([]));
        Assert.Throws<ArgumentException>(() => HtmlReport.Render([runs.Baseline, runs.Boost, runs.Baseline]));
    }

    private static string Html(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void EditSummary(string directory, Action<JsonObject> edit)
    {
        var path = Path.Combine(directory, RunReport.SummaryFile);
        var summary = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(summary);
        File.WriteAllText(path, summary.ToJsonString());
    }

    /// <summary>The markup of the first chart of <paramref name="indicator"/>.</summary>
    private static string ChartMarkup(string html, string indicator)
    {
        var start = html.IndexOf($"<svg class=\"chart\"", html.IndexOf($"<figure class=\"indicator\" data-indicator=\"{indicator}\">", StringComparison.Ordinal), StringComparison.Ordinal);
        return html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }
}
