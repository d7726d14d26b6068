using System.Globalization;
using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Workbench.Tests.Browser;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.District;

/// <summary>/district in the browser: a reported figure's sentence found in the report, the language switch, permanent links.</summary>
public sealed class DistrictPageTests : IClassFixture<WorkbenchHost>
{
    private readonly WorkbenchHost host;

    public DistrictPageTests(WorkbenchHost host)
    {
        this.host = host;
    }

    // Loaded here with the model's own loader, not through the page: what the page marks must equal the data.
    private static readonly BaseYearDataset Dataset = BaseYearDatasetLoader.LoadEmbedded();
    private static readonly string Report = BaseYearDatasetLoader.ReadResource(BaseYearDatasetLoader.ReportResource);

    [Fact]
    public async Task A_reported_figure_s_sentence_is_marked_in_the_report_and_chain_names_switch_to_Chinese()
    {
        await using var session = await host.OpenAsync("/district");
        var page = session.Page;
        var figure = Dataset.GetFigure("D8");
        Assert.Equal(FigureKind.Reported, figure.Kind);
        Assert.Contains(figure.Source, Report, StringComparison.Ordinal);

        await Assertions.Expect(page.Locator("#tab-overview")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("#report-highlight")).ToHaveCountAsync(0);
        await session.WaitInteractiveAsync();
        await page.Locator("#quote-D8").ClickAsync();

        var mark = page.Locator("#report-text #report-highlight");
        await Assertions.Expect(mark).ToBeVisibleAsync();
        // Scrolled into view in the report's own box, not only present somewhere in it.
        await Assertions.Expect(mark).ToBeInViewportAsync();
        var marked = await mark.TextContentAsync();
        Assert.Equal(figure.Source, marked);
        Assert.Contains(marked!, Report, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#figure-D8")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("figure-selected"));
        Assert.Contains("figure=D8", page.Url, StringComparison.Ordinal);
        await session.ScreenshotAsync("district-D8-marked");

        // The language switch keeps the page; the chains' names are then the report's own.
        await page.Locator("#language-switch").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await session.WaitInteractiveAsync();
        await page.Locator("#tab-chains").ClickAsync();
        var chain = Dataset.GetEntity("auto_parts_machinery");
        await Assertions.Expect(page.Locator("#entity-auto_parts_machinery-heading")).ToContainTextAsync(chain.NameZh);
        await Assertions.Expect(page.Locator("#entity-auto_parts_machinery-heading")).Not.ToContainTextAsync(chain.Name);
        await Assertions.Expect(page.Locator("#figures-auto_parts_machinery span.kind-reported").First).ToHaveTextAsync("报告原文");
        await session.ScreenshotAsync("district-chains-zh");

        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_figure_s_permanent_link_opens_its_section_and_its_sentence()
    {
        var figure = Dataset.Figures.First(f => f.Kind == FigureKind.Reported && Dataset.GetEntity(f.Entity).Kind == EntityKind.Project);
        await using var session = await host.OpenAsync($"/district?figure={Uri.EscapeDataString(figure.Id)}");
        var page = session.Page;

        await Assertions.Expect(page.Locator("#tab-projects")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator($"#{ReportQuote(figure.Id)}")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("figure-selected"));
        Assert.Equal(figure.Source, await page.Locator("#report-highlight").TextContentAsync());

        // A derived figure's inputs are links to them: following one opens its row (and, reported, its sentence).
        // Clicked before the circuit is up, the link is an enhanced navigation: a fetch of the page that the circuit, once
        // up, can overtake, and leaving then aborts it (CI saw net::ERR_ABORTED for ?figure=D8.previous twice; waiting for
        // network idle did not help, as a same-document navigation never leaves that state). Clicked on the live circuit,
        // the router follows the link without a request.
        await session.GotoAsync("/district?figure=D8.increase");
        await session.WaitInteractiveAsync();
        await page.Locator("#figure-D8-increase a[data-uses='D8.previous']").ClickAsync();
        await Assertions.Expect(page.Locator("#report-highlight")).ToHaveTextAsync(Dataset.GetFigure("D8.previous").Source);
        await page.WaitForURLAsync(url => url.Contains("figure=D8.previous", StringComparison.Ordinal));

        await session.GotoAsync("/district?figure=no.such.figure");
        await Assertions.Expect(page.Locator("#figure-missing")).ToContainTextAsync("no.such.figure");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Assumptions_are_searchable_and_the_input_output_tab_shows_the_model_s_multipliers()
    {
        await using var session = await host.OpenAsync("/district?tab=assumptions");
        var page = session.Page;
        var assumptions = Dataset.Figures.Where(f => f.Kind == FigureKind.Assumption).ToList();
        var rows = page.Locator("#figures-assumptions tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(assumptions.Count);

        // Typing filters as one types (over the circuit); ids and names both match. Typed before the circuit is up, the
        // keys land in the prerendered box and no filter runs (CI saw all 140 rows stay).
        await session.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("#assumption-search")).ToBeEditableAsync();
        const string query = "jobs_per_output";
        var expected = assumptions.Count(f => f.Id.Contains(query, StringComparison.OrdinalIgnoreCase) || f.Name.Contains(query, StringComparison.OrdinalIgnoreCase));
        Assert.InRange(expected, 1, assumptions.Count - 1);
        await page.Locator("#assumption-search").PressSequentiallyAsync(query);
        await Assertions.Expect(rows).ToHaveCountAsync(expected);
        var first = assumptions.First(f => f.Id.Contains(query, StringComparison.OrdinalIgnoreCase));
        await Assertions.Expect(page.Locator($"#{ReportQuote(first.Id)} td.figure-source")).ToContainTextAsync(first.Source);
        await session.ScreenshotAsync("district-assumptions-search");

        await page.Locator("#tab-input-output").ClickAsync();
        var io = IoTableReader.Default;
        var chains = DistrictIds.Chains;
        await Assertions.Expect(page.Locator("#io-multipliers tbody tr")).ToHaveCountAsync(chains.Count);
        for (var c = 0; c < chains.Count; c++)
        {
            var output = await page.Locator($"#io-multipliers tr[data-chain='{chains[c]}'] td[data-column='output']").GetAttributeAsync("data-value");
            Assert.Equal(io.OutputMultiplier(c), double.Parse(output!, CultureInfo.InvariantCulture), 12);
            var coefficient = await page.Locator($"#io-coefficients tr[data-supplier='{chains[c]}'] td").Nth(c).GetAttributeAsync("data-value");
            Assert.Equal(io.Coefficient(c, c), double.Parse(coefficient!, CultureInfo.InvariantCulture));
        }

        session.AssertNoConsoleErrors();
    }

    private static string ReportQuote(string figureId) => LiubeiSim.Host.Workbench.District.ReportQuote.RowId(figureId);
}
