using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiubeiSim.Workbench.Tests.Browser;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.Planner;

/// <summary>
/// The issue's planner question, answered in the browser alone: "SGMW demand +20% and projects six months late: output
/// and jobs against the baseline, and the chance of the industrial revival target". From the editor to the answer,
/// checked against the API's own comparison of the very scenario the editor wrote.
/// </summary>
public sealed partial class PlannerQuestionTests(WorkbenchHost host) : IClassFixture<WorkbenchHost>
{
    private const int Replications = 200;

    [Fact]
    public async Task SGMW_plus_20_percent_and_projects_six_months_late_against_the_baseline_in_the_browser()
    {
        var watch = Stopwatch.StartNew();
        await using var session = await host.OpenAsync("/scenarios/edit?from=baseline-2023");
        var page = session.Page;
        await session.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("#lever-sgmw_demand_growth")).ToBeEnabledAsync();

        await SetLeverAsync(page, "sgmw_demand_growth", "20");
        await SetLeverAsync(page, "project_delay_months", "6");
        await Assertions.Expect(page.Locator("#scenario-yaml")).ToHaveValueAsync(new Regex(@"sgmw_demand_growth:\s*20\b"));
        await Assertions.Expect(page.Locator("#scenario-yaml")).ToHaveValueAsync(new Regex(@"project_delay_months:\s*6\b"));
        await Assertions.Expect(page.Locator("#scenario-status")).ToHaveAttributeAsync("data-valid", "true");
        var yaml = await page.Locator("#scenario-yaml").InputValueAsync();
        await session.ScreenshotAsync("editor-sgmw-20-delay-6");

        await page.Locator("#compare-scenario").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/compare\?draft=[0-9a-f]+$"));
        await session.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("#compare-draft")).ToBeVisibleAsync();
        await page.Locator("#compare-replications").FillAsync(Replications.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#compare-replications").PressAsync("Tab");
        await page.Locator("#compare-start").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/compare/[^/?]+$"));
        var revival = page.Locator("#target-changes tr[data-target='Industrial revival']");
        await Assertions.Expect(revival).ToBeVisibleAsync();
        var answered = watch.Elapsed;
        await Assertions.Expect(page.Locator("#diff-table-industrial_output")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#diff-table-new_urban_jobs")).ToBeAttachedAsync();
        await session.ScreenshotAsync("answer");
        TestContext.Current.SendDiagnosticMessage($"planner question answered in the browser in {answered.TotalSeconds:0.0} s");

        // The page's probabilities are the API's for the same scenario text, count and seed (the scenario's own).
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(5) };
        using var response = await http.PostAsJsonAsync("/api/compare", new { scenario = yaml, replications = Replications }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        var target = JsonDocument.Parse(body).RootElement.GetProperty("targets").EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "Industrial revival");
        Assert.Equal(Raw(target, "a_probability"), await revival.Locator("td[data-side='a']").GetAttributeAsync("data-value"));
        Assert.Equal(Raw(target, "b_probability"), await revival.Locator("td[data-side='b']").GetAttributeAsync("data-value"));

        session.AssertNoConsoleErrors();
    }

    private static async Task SetLeverAsync(IPage page, string lever, string value)
    {
        var box = page.Locator($"#lever-{lever}");
        await box.FillAsync(value);
        await box.PressAsync("Tab");
        await Assertions.Expect(box).ToHaveValueAsync(value);
    }

    private static string Raw(JsonElement target, string name) => target.GetProperty(name).GetDouble().ToString("R", CultureInfo.InvariantCulture);
}
