using System.Globalization;
using Bunit;
using LiubeiSim.Host.Fans;
using LiubeiSim.Host.Workbench.Compare;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace LiubeiSim.Workbench.Tests.Compare;

/// <summary>The difference fan's table: the text alternative the end-to-end tests and screen readers read the chart from.</summary>
public sealed class DifferenceFanTests : BunitContext
{
    public DifferenceFanTests()
    {
        Services.AddLocalization();
        Services.AddRadzenComponents();
        JSInterop.Mode = JSRuntimeMode.Loose;

        // The chart measures itself through the browser; here only its table is under test.
        ComponentFactories.AddStub<Radzen.Blazor.RadzenChart>();
    }

    [Fact]
    public void Its_table_carries_every_month_with_raw_invariant_numbers()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
        try
        {
            var view = new DifferenceFanView("industrial_output", "district", "亿元", "flow", "Gross industrial output", 100, true, "a-control", "a",
            [
                new DifferenceFanMonth("2023-01", 10, 11.5, -0.25, 0.125, 1.5, 2.75, 3.0000001, 1.4, 0.8),
                new DifferenceFanMonth("2023-02", 20, 19, -3, -2, -1.0 / 3, 0.5, 1, -0.9, 0.35),
            ]);

            var fan = Render<DifferenceFan>(p => p.Add(c => c.View, view).Add(c => c.Heading, "Industrial output"));

            var table = fan.Find("#diff-table-industrial_output");
            Assert.Equal("district", table.GetAttribute("data-scope"));
            var rows = table.QuerySelectorAll("tbody tr");
            Assert.Equal(["2023-01", "2023-02"], rows.Select(r => r.GetAttribute("data-month")));
            var second = rows[1].QuerySelectorAll("td").Select(td => td.GetAttribute("data-value")).ToList();

            // a_p50, b_p50, P5, P10, P50, P90, P95, mean, P(B > A): round-trip numbers whatever the page's culture.
            Assert.Equal(["20", "19", "-3", "-2", (-1.0 / 3).ToString("R", CultureInfo.InvariantCulture), "0.5", "1", "-0.9", "0.35"], second);
            Assert.Equal("3.0000001", rows[0].QuerySelectorAll("td")[6].GetAttribute("data-value"));

            // The visible text is the culture's, with the sign of the difference.
            Assert.StartsWith("+", rows[0].QuerySelectorAll("td")[4].TextContent.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = previous;
        }
    }
}
