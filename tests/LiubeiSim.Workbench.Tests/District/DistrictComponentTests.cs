using System.Globalization;
using Bunit;
using LiubeiSim.Host.Workbench.District;
using LiubeiSim.Model.District;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Workbench.Tests.District;

/// <summary>The district page's figure list and report panel (bUnit), against the shipped dataset loaded on its own.</summary>
public sealed class DistrictComponentTests : BunitContext
{
    private static readonly BaseYearDataset Dataset = BaseYearDatasetLoader.LoadEmbedded();
    private static readonly string Report = BaseYearDatasetLoader.ReadResource(BaseYearDatasetLoader.ReportResource);

    public DistrictComponentTests()
    {
        Services.AddLocalization();
        SetCulture("en");
    }

    private static void SetCulture(string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
    }

    private static Figure FirstOf(FigureKind kind) => Dataset.Figures.First(f => f.Kind == kind);

    [Fact]
    public void Each_figure_is_a_row_with_its_value_kind_and_source()
    {
        SetCulture("en");
        var reported = Dataset.GetFigure("D8.growth");
        var derived = Dataset.GetFigure("D8.growth_computed");
        var assumption = FirstOf(FigureKind.Assumption);
        var notStated = FirstOf(FigureKind.NotStated);
        Figure[] figures = [reported, derived, assumption, notStated];

        var table = Render<FigureTable>(p => p.Add(t => t.Id, "t").Add(t => t.Caption, "c").Add(t => t.Figures, figures).Add(t => t.SelectedId, derived.Id));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(figures.Select(f => f.Id), rows.Select(r => r.GetAttribute("data-figure")));

        // Reported: the sentence, a badge of its kind, and the link that opens it in the report, by its stable id.
        var row = table.Find("#figure-D8-growth");
        Assert.Equal("kind kind-reported", row.QuerySelector("span.kind")!.ClassName);
        Assert.Equal("reported", row.QuerySelector("span.kind")!.TextContent);
        Assert.Equal(reported.Source, row.QuerySelector("q")!.TextContent);
        var quote = table.Find("#quote-D8-growth");
        Assert.Equal("/district?figure=D8.growth", quote.GetAttribute("href"));
        Assert.Equal(reported.Value!.Value.ToString("R", CultureInfo.InvariantCulture), row.QuerySelector("td.figure-value")!.GetAttribute("data-value"));

        // Derived: the formula and a link to each figure it reads; it is the selected row.
        row = table.Find("#figure-D8-growth_computed");
        Assert.Contains("figure-selected", row.ClassName, StringComparison.Ordinal);
        Assert.Equal(derived.Source, row.QuerySelector("code.formula")!.TextContent);
        Assert.Equal(["D8", "D8.previous"], row.QuerySelectorAll("a[data-uses]").Select(a => a.GetAttribute("data-uses")!));
        Assert.Empty(row.QuerySelectorAll(".quote-button"));

        // Assumption: its reason; not stated: what was lost, and no value.
        row = table.Find($"#{ReportQuote.RowId(assumption.Id)}");
        Assert.Equal("kind kind-assumption", row.QuerySelector("span.kind")!.ClassName);
        Assert.Contains(assumption.Source, row.QuerySelector("td.figure-source")!.TextContent, StringComparison.Ordinal);
        row = table.Find($"#{ReportQuote.RowId(notStated.Id)}");
        Assert.Equal("kind kind-not-stated", row.QuerySelector("span.kind")!.ClassName);
        Assert.Equal("not stated", row.QuerySelector("td.figure-value")!.TextContent);
        Assert.Null(row.QuerySelector("td.figure-value")!.GetAttribute("data-value"));
        Assert.Contains(notStated.Source, row.QuerySelector("td.figure-source")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Kinds_are_worded_in_Chinese_in_Chinese()
    {
        SetCulture("zh-CN");
        var table = Render<FigureTable>(p => p.Add(t => t.Id, "t").Add(t => t.Caption, "c").Add(t => t.Figures, [Dataset.GetFigure("D4")]));

        Assert.Equal("报告原文", table.Find("span.kind").TextContent);
        Assert.Equal("在报告中查看", table.Find("#quote-D4").TextContent);
        // 亿元 as the report writes it, not yuan.
        Assert.EndsWith("亿元", table.Find("td.figure-value").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reported_figure_is_marked_exactly_where_its_sentence_stands()
    {
        var reported = Dataset.Figures.Where(f => f.Kind == FigureKind.Reported).ToList();
        Assert.NotEmpty(reported);
        foreach (var figure in reported)
        {
            var quote = ReportQuote.Locate(Report, figure);
            Assert.NotNull(quote);
            Assert.Equal(figure.Source, quote.Highlight);
            Assert.Equal(Report.IndexOf(figure.Source, StringComparison.Ordinal), quote.Start);
            Assert.Equal(figure.Source, Report.Substring(quote.Start, figure.Source.Length));
            Assert.Equal(Report, quote.Before + quote.Highlight + quote.After);
        }

        foreach (var figure in Dataset.Figures.Where(f => f.Kind != FigureKind.Reported))
        {
            Assert.Null(ReportQuote.Locate(Report, figure));
        }
    }

    [Fact]
    public void The_report_panel_marks_the_figure_s_sentence_and_keeps_the_whole_text()
    {
        var figure = Dataset.GetFigure("D17");

        var panel = Render<ReportPanel>(p => p.Add(r => r.Report, Dataset.Report).Add(r => r.Text, Report).Add(r => r.Figure, figure));

        var mark = panel.Find("#report-text #report-highlight");
        Assert.Equal(figure.Source, mark.TextContent);
        Assert.Equal(Report.IndexOf(figure.Source, StringComparison.Ordinal).ToString(CultureInfo.InvariantCulture), mark.GetAttribute("data-start"));
        Assert.Equal(Report, panel.Find("#report-body").TextContent);
        Assert.Contains(Dataset.Report.TitleZh, panel.Find(".report-title").TextContent, StringComparison.Ordinal);
        Assert.Contains(Dataset.Report.Publication, panel.Find(".report-meta").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_panel_marks_nothing_without_a_reported_figure()
    {
        var panel = Render<ReportPanel>(p => p.Add(r => r.Report, Dataset.Report).Add(r => r.Text, Report));

        Assert.Empty(panel.FindAll("mark"));
        Assert.Equal(Report, panel.Find("#report-body").TextContent);
    }

    [Fact]
    public void A_formula_s_ids_are_read_in_order_once_each()
    {
        Assert.Equal(["a.b", "c"], ReportQuote.FormulaIds("{a.b} / ({c} + {a.b}) * 100"));
        Assert.Empty(ReportQuote.FormulaIds("1 + 2"));
    }
}
