using LiubeiSim.Analysis.Reporting;

namespace LiubeiSim.Analysis.Tests.Reporting;

/// <summary>
/// The report as a real browser sees it: Debian's headless Chromium parses and paints it; the DOM it ends up with
/// still holds every chart with indicators.csv's numbers, and the screenshot (kept as an artifact) shows the charts'
/// colours.
/// </summary>
public sealed class BrowserTests(RunDirectories runs)
{
    [Fact]
    public async Task Chromium_renders_the_charts_with_the_indicators_csv_data()
    {
        var chromium = Chromium.Find();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults")).FullName;
        var report = Path.Combine(artifacts, "report.html");
        var screenshot = Path.Combine(artifacts, "report-screenshot.png");
        File.Delete(screenshot);
        HtmlReport.Write([runs.Baseline, runs.Boost], report);

        var dump = await Chromium.RunAsync(chromium, report, "--dump-dom");
        Assert.True(dump.ExitCode == 0, $"chromium --dump-dom exited {dump.ExitCode}:\n{Chromium.Tail(dump.Errors)}");
        var dom = dump.Output;
        Assert.Contains("<section id=\"comparison\">", dom, StringComparison.Ordinal);

        var html = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        Assert.Equal(ReportMarkup.Elements(html, "svg", ("class", "chart")).Count, ReportMarkup.Elements(dom, "svg", ("class", "chart")).Count);
        foreach (var (letter, directory) in new[] { ("a", runs.Baseline), ("b", runs.Boost) })
        {
            var csv = new IndicatorsCsvFile(directory);
            var section = ReportMarkup.Section(dom, "indicators-" + letter);
            var lines = ReportMarkup.Elements(section, "path", ("data-series", "p50"));
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                var indicator = line["data-indicator"];
                Assert.Equal(csv.Column(indicator, "p50"), ReportMarkup.Values(line["data-values"]));
                Assert.StartsWith("M", line["d"], StringComparison.Ordinal);
                var band = Assert.Single(ReportMarkup.Elements(section, "path", ("data-series", "p5-p95"), ("data-indicator", indicator)));
                Assert.Equal(csv.Column(indicator, "p5"), ReportMarkup.Values(band["data-lower"]));
                Assert.Equal(csv.Column(indicator, "p95"), ReportMarkup.Values(band["data-upper"]));
            }

            var comparison = ReportMarkup.Section(dom, "comparison");
            foreach (var line in ReportMarkup.Elements(comparison, "path", ("data-series", "p50"), ("data-run", letter.ToUpperInvariant())))
            {
                Assert.Equal(csv.Column(line["data-indicator"], "p50"), ReportMarkup.Values(line["data-values"]));
            }
        }

        var shot = await Chromium.RunAsync(chromium, report, $"--screenshot={screenshot}", "--window-size=1280,4000");
        Assert.True(shot.ExitCode == 0 && File.Exists(screenshot), $"chromium --screenshot exited {shot.ExitCode}:\n{Chromium.Tail(shot.Errors)}");
        TestContext.Current.TestOutputHelper?.WriteLine($"Report screenshot: {screenshot}");
        TestContext.Current.TestOutputHelper?.WriteLine($"Report: {report}");
        TestContext.Current.AddAttachment("report-screenshot", screenshot);

        // The first screen holds the comparison charts: both runs' bands and lines must have been painted.
        var png = Png.Read(screenshot);
        Assert.Equal((1280, 4000), (png.Width, png.Height));
        foreach (var colour in new[] { OverWhite(RunColours.A.InnerBand), OverWhite(RunColours.B.InnerBand), RunColours.A.Line, RunColours.B.Line })
        {
            var painted = png.Count(colour, tolerance: 3);
            Assert.True(painted > 200, $"only {painted} pixels of {colour} in {screenshot}");
        }
    }

    /// <summary>The colour a comparison band shows on the white page: its fill blended at the band's opacity.</summary>
    private static string OverWhite(string colour)
    {
        var alpha = FanChart.ComparisonBandOpacity;
        int Blend(int at) => (int)Math.Round((255 * (1 - alpha)) + (Convert.ToInt32(colour[at..(at + 2)], 16) * alpha));
        return $"#{Blend(1):x2}{Blend(3):x2}{Blend(5):x2}";
    }
}
