using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using LiubeiSim.Host.Fans;
using LiubeiSim.Host.Workbench.Runs;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace LiubeiSim.Workbench.Tests.Runs;

/// <summary>
/// The fan chart component's table, the chart's text alternative and what the end-to-end tests read: it holds exactly
/// FanChart.ForRun's numbers for the series, every month, in invariant round-trip form, and the bands are ordered.
/// </summary>
public sealed class FanChartPanelTests : IDisposable
{
    private static readonly Lazy<RunResult> Run = new(() =>
    {
        var parsed = ScenarioLibrary.Resolve("baseline-2023", []);
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Problems));
        return InProcessEngine.Run(parsed.Scenario!.WithReplications(60).WithSeed(5));
    });

    private readonly BunitContext _context = new();

    public FanChartPanelTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;

        // The chart measures its element through Radzen's script; a browser's answer, so it lays out as on a page.
        _context.JSInterop.Setup<Radzen.Blazor.Rendering.Rect>("Radzen.createChart", _ => true).SetResult(new Radzen.Blazor.Rendering.Rect { Width = 800, Height = 320 });
        _context.Services.AddRadzenComponents();
        _context.Services.AddLocalization();
    }

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData("industrial_output", "district")]
    [InlineData("employment", "district")]
    [InlineData("industrial_output", "auto_parts_machinery")]
    public void The_table_holds_exactly_the_fan_charts_numbers_each_month(string indicator, string scope)
    {
        var view = FanChart.ForRun(Run.Value, SeriesLayout.All[SeriesLayout.IndexOf(indicator, scope)]);

        var panel = _context.Render<FanChartPanel>(p => p.Add(c => c.View, view).Add(c => c.Heading, "chart"));

        var table = panel.Find($"#fan-table-{indicator}");
        Assert.Equal(scope, table.GetAttribute("data-scope"));
        var rows = table.QuerySelectorAll("tbody tr");
        Assert.Equal(view.Months.Count, rows.Length);
        Assert.Equal(Run.Value.Months, rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var (row, month) = (rows[i], view.Months[i]);
            Assert.Equal(month.Month, row.GetAttribute("data-month"));
            Assert.Equal(month.P5, Number(row, "data-p5"));
            Assert.Equal(month.P10, Number(row, "data-p10"));
            Assert.Equal(month.P50, Number(row, "data-p50"));
            Assert.Equal(month.P90, Number(row, "data-p90"));
            Assert.Equal(month.P95, Number(row, "data-p95"));
            Assert.Equal(month.Mean, Number(row, "data-mean"));

            // The cells show the same numbers, each cell's raw value beside its words.
            var cells = row.QuerySelectorAll("td").Select(c => double.Parse(c.GetAttribute("data-value")!, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal([month.P5, month.P10, month.P50, month.P90, month.P95, month.Mean], cells);
        }
    }

    [Fact]
    public void The_bands_are_ordered_P5_P10_P50_P90_P95_in_every_month_of_every_headline_series()
    {
        foreach (var indicator in new[] { "gdp", "industrial_output", "industrial_investment", "employment", "rnd_spending", "new_urban_jobs" })
        {
            var view = FanChart.ForRun(Run.Value, SeriesLayout.All[SeriesLayout.IndexOf(indicator, SeriesKey.DistrictScope)]);
            var panel = _context.Render<FanChartPanel>(p => p.Add(c => c.View, view).Add(c => c.Heading, indicator));

            foreach (var row in panel.FindAll($"#fan-table-{indicator} tbody tr"))
            {
                double[] bands = [Number(row, "data-p5"), Number(row, "data-p10"), Number(row, "data-p50"), Number(row, "data-p90"), Number(row, "data-p95")];
                Assert.True(bands.Zip(bands.Skip(1)).All(pair => pair.First <= pair.Second), $"{indicator} {row.GetAttribute("data-month")}: bands {string.Join(" ", bands)} are out of order");
            }
        }
    }

    [Fact]
    public void The_base_year_and_each_target_are_lines_the_table_states()
    {
        var series = SeriesLayout.All[SeriesLayout.IndexOf("industrial_output", SeriesKey.DistrictScope)];
        var view = FanChart.ForRun(Run.Value, series);
        Assert.NotNull(view.Base);

        var panel = _context.Render<FanChartPanel>(p => p.Add(c => c.View, view).Add(c => c.Heading, "output"));

        var stated = panel.FindAll("details p span[data-value]").Select(s => double.Parse(s.GetAttribute("data-value")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([view.Base!.Value, .. view.Targets.Where(t => t.Level is not null).Select(t => t.Level!.Value)], stated);
        Assert.Equal(view.Base!.Value, double.Parse(panel.Find("#fan-table-industrial_output").GetAttribute("data-base")!, CultureInfo.InvariantCulture));
    }

    private static double Number(IElement row, string attribute) =>
        double.Parse(row.GetAttribute(attribute) ?? throw new InvalidOperationException($"no {attribute}"), NumberStyles.Float, CultureInfo.InvariantCulture);
}
