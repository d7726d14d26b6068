using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiubeiSim.Model.Scenarios;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.Compare;

/// <summary>/compare and /compare/{id} in the browser: a built-in scenario against its control, its figures equal to the API's.</summary>
public sealed class ComparePageTests(ComparePageTests.Host host) : IClassFixture<ComparePageTests.Host>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_scenario_against_its_control_shows_the_APIs_target_probabilities()
    {
        await using var session = await host.OpenAsync("/compare");
        var page = session.Page;

        await FillFormAsync(page, "sgmw-125-boost", replications: 30, seed: 5);
        await session.ScreenshotAsync("compare-form");
        await StartAsync(page);

        var table = page.Locator("#target-changes");
        await Assertions.Expect(table).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#diff-table-industrial_output")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#effects-table tbody tr").First).ToBeAttachedAsync();

        using var response = await host.Host.Http.PostAsJsonAsync("/api/compare", new { scenario = "sgmw-125-boost", replications = 30, seed = 5 }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToList();
        Assert.NotEmpty(targets);
        Assert.Equal(targets.Count, await table.Locator("tbody tr").CountAsync());
        foreach (var target in targets)
        {
            var name = target.GetProperty("name").GetString()!;
            var row = table.Locator($"tbody tr[data-target=\"{name}\"]");
            Assert.Equal(target.GetProperty("a_probability").GetDouble(), Number(await row.Locator("td[data-side=a]").GetAttributeAsync("data-value")));
            Assert.Equal(target.GetProperty("b_probability").GetDouble(), Number(await row.Locator("td[data-side=b]").GetAttributeAsync("data-value")));
            Assert.Equal(target.GetProperty("change").GetDouble(), Number(await row.Locator("td[data-side=change]").GetAttributeAsync("data-value")), 12);
        }

        // The industrial revival target is there, at the top of the page, as the question asks.
        Assert.Equal(1, await table.Locator("tbody tr[data-target=\"Industrial revival\"]").CountAsync());

        // The charts draw after the circuit is up: the page must still be alive once they have.
        await Assertions.Expect(page.Locator("#comparison-page")).ToHaveAttributeAsync("data-interactive", "true");
        await page.WaitForTimeoutAsync(3000);
        await session.ScreenshotAsync("comparison");
        await page.WaitForTimeoutAsync(2000);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_lever_study_ranks_the_levers_the_scenario_moves_in_a_tornado()
    {
        await using var session = await host.OpenAsync("/compare?scenario=sgmw-125-boost");
        var page = session.Page;
        await FillFormAsync(page, "sgmw-125-boost", replications: 30);
        await StartAsync(page);
        await Assertions.Expect(page.Locator("#comparison-page")).ToHaveAttributeAsync("data-interactive", "true");

        await page.Locator("#sensitivity-indicator").SelectOptionAsync("industrial_output");
        await page.Locator("#run-sensitivity").ClickAsync();
        var rows = page.Locator("#tornado-table tbody tr");
        await Assertions.Expect(rows.First).ToBeAttachedAsync(new() { Timeout = 300_000 });
        await Assertions.Expect(page.Locator("#tornado-table")).ToHaveAttributeAsync("data-indicator", "industrial_output");

        // The factors are exactly the levers the scenario sets, ranked by μ* (largest first), each μ* at least |μ|.
        var scenario = ScenarioLibrary.Resolve("sgmw-125-boost", []).Scenario!;
        var levers = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.lever)");
        Assert.Equal(scenario.Levers.Keys.Order(StringComparer.Ordinal), levers.Order(StringComparer.Ordinal));
        var muStar = await rows.EvaluateAllAsync<double[]>("rows => rows.map(r => Number(r.cells[2].dataset.value))");
        var mu = await rows.EvaluateAllAsync<double[]>("rows => rows.map(r => Number(r.cells[3].dataset.value))");
        Assert.Equal(muStar.OrderByDescending(m => m), muStar);
        Assert.All(muStar.Zip(mu), p => Assert.True(p.First >= Math.Abs(p.Second) - 1e-9, $"μ* {p.First} < |μ| {p.Second}"));

        // SGMW's demand drives the auto-parts chain: it must move industrial output.
        Assert.True(muStar[Array.IndexOf(levers, LeverCatalog.SgmwDemandGrowth)] > 0, "sgmw_demand_growth has no effect on industrial output");
        await session.ScreenshotAsync("tornado");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_forgotten_comparison_says_so()
    {
        await using var session = await host.OpenAsync("/compare/0123456789abcdef0123456789abcdef");

        await Assertions.Expect(session.Page.Locator("#comparison-gone")).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.Locator("#compare-new")).ToHaveAttributeAsync("href", "/compare");
        session.AssertNoConsoleErrors();
    }

    /// <summary>Fills the comparison form once the circuit is up (the prerendered page's controls do nothing).</summary>
    private static async Task FillFormAsync(IPage page, string scenario, int replications, int? seed = null)
    {
        await Assertions.Expect(page.Locator("#compare-page")).ToHaveAttributeAsync("data-interactive", "true");
        await page.Locator("#compare-scenario").SelectOptionAsync(scenario);
        await page.Locator("#compare-replications").FillAsync(replications.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#compare-replications").PressAsync("Tab");
        if (seed is { } value)
        {
            await page.Locator("#compare-seed").FillAsync(value.ToString(CultureInfo.InvariantCulture));
            await page.Locator("#compare-seed").PressAsync("Tab");
        }
    }

    /// <summary>Starts the comparison and waits for its answer page's address.</summary>
    private static async Task StartAsync(IPage page)
    {
        await page.Locator("#compare-start").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/compare/[0-9a-f]{32}$"), new() { Timeout = 180_000 });
    }

    private static double Number(string? raw) => double.Parse(raw!, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The host with the circuit's exceptions in the browser's console, where a failure report shows them.</summary>
    public sealed class Host() : WorkbenchHost(keys: false, "--DetailedErrors=true");
}
