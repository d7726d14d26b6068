using System.Globalization;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Workbench.Tests.Browser;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.Scenarios;

/// <summary>The scenario list and editor in the browser, over the real host's circuit.</summary>
public sealed class ScenarioEditorPageTests(WorkbenchHost host) : IClassFixture<WorkbenchHost>
{
    private const string Lever = LeverCatalog.SgmwDemandGrowth;

    // The circuit starts and answers slowly on a shared two-core machine: the harness's action timeout, for assertions too.
    private static readonly LocatorAssertionsToBeEnabledOptions Enabled = new() { Timeout = (float)DebianChromium.Timeout.TotalMilliseconds };

    [Fact]
    public async Task An_out_of_range_lever_shows_the_validator_s_error_until_it_is_fixed()
    {
        await using var session = await host.OpenAsync("/scenarios");
        var page = session.Page;
        await Assertions.Expect(page.Locator("#builtin-scenarios tr[data-scenario='baseline-2023']")).ToBeVisibleAsync();
        Assert.EndsWith("/scenarios/edit?from=baseline-2023", await page.Locator("#edit-baseline-2023").GetAttributeAsync("href"), StringComparison.Ordinal);
        await session.GotoAsync("/scenarios/edit?from=baseline-2023");

        // Enabled once the circuit is up: the prerendered page has the controls, but disabled.
        var lever = page.Locator($"#lever-{Lever}");
        await Assertions.Expect(lever).ToBeEnabledAsync(Enabled);
        await Assertions.Expect(page.Locator("#scenario-status")).ToHaveAttributeAsync("data-valid", "true");

        var tooHigh = (LeverCatalog.Get(Lever).Max + 1).ToString(CultureInfo.InvariantCulture);
        await lever.FillAsync(tooHigh);
        await lever.PressAsync("Tab");

        // `liubeisim validate baseline-2023 --set levers.X=VALUE` says the same.
        var expected = Assert.Single(ScenarioLibrary.Resolve("baseline-2023", [$"levers.{Lever}={tooHigh}"]).Problems);
        var problem = page.Locator($"#scenario-problems li[data-path='levers.{Lever}']");
        await Assertions.Expect(problem).ToBeVisibleAsync();
        await Assertions.Expect(problem.Locator(".se-message")).ToHaveTextAsync(expected.Message);
        await Assertions.Expect(page.Locator($"#lever-{Lever}-error")).ToHaveTextAsync($"{expected.Message}; {expected.Allowed}");
        await Assertions.Expect(lever).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#scenario-status")).ToHaveAttributeAsync("data-valid", "false");
        await session.ScreenshotAsync("lever-out-of-range");

        await lever.FillAsync("20");
        await lever.PressAsync("Tab");

        await Assertions.Expect(page.Locator("#scenario-problems li")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"#lever-{Lever}-error")).ToHaveCountAsync(0);
        await Assertions.Expect(lever).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#scenario-status")).ToHaveAttributeAsync("data-valid", "true");
        Assert.Contains($"{Lever}: 20", await page.Locator("#scenario-yaml").InputValueAsync(), StringComparison.Ordinal);
        await session.ScreenshotAsync("lever-fixed");

        // The other way round: the text typed in the YAML pane moves the control.
        var yaml = await page.Locator("#scenario-yaml").InputValueAsync();
        await page.Locator("#scenario-yaml").FillAsync(yaml.Replace($"{Lever}: 20", $"{Lever}: 35", StringComparison.Ordinal));
        await Assertions.Expect(lever).ToHaveValueAsync("35");
        await Assertions.Expect(page.Locator("#scenario-status")).ToHaveAttributeAsync("data-valid", "true");

        // Run it (fewer replications, for a short test), follow it to 100% on its page, and read its fan chart: the
        // numbers the page holds are the run's own indicators.csv.
        await page.Locator("#replications").FillAsync("200");
        await page.Locator("#replications").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#scenario-yaml")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"replications:\s*200\b"));
        await page.Locator("#run-scenario").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/runs/[^/?]+$"));
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(page.Locator("#run-progress")).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 180_000 });
        var table = page.Locator("#fan-table-industrial_output");
        await Assertions.Expect(table).ToHaveAttributeAsync("data-scope", "district");
        var rows = await table.Locator("tbody tr").EvaluateAllAsync<Dictionary<string, string>[]>(
            "rows => rows.map(r => ({ month: r.dataset.month, p5: r.dataset.p5, p10: r.dataset.p10, p50: r.dataset.p50, p90: r.dataset.p90, p95: r.dataset.p95, mean: r.dataset.mean }))");
        var csv = await page.APIRequest.GetAsync($"/api/runs/{id}/indicators.csv");
        Assert.Equal(200, csv.Status);
        var csvRows = Runs.RunPagesTests.IndicatorRows(await csv.TextAsync(), "industrial_output", "district");
        Assert.Equal(csvRows.Count, rows.Length);
        Assert.NotEmpty(rows);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(csvRows[i].Month, rows[i]["month"]);
            foreach (var column in new[] { "p5", "p10", "p50", "p90", "p95", "mean" })
            {
                Assert.Equal(csvRows[i].Values[column], Runs.RunPagesTests.Parse(rows[i][column]));
            }
        }

        // The run ran what the editor said: its summary's scenario has the lever the YAML pane set.
        var summary = await page.APIRequest.GetAsync($"/api/runs/{id}/summary.json");
        Assert.Matches($"\"{Lever}\":\\s*35\\b", await summary.TextAsync());
        await session.ScreenshotAsync("run-from-editor");

        session.AssertNoConsoleErrors();
    }
}
