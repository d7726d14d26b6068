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

        session.AssertNoConsoleErrors();
    }
}
