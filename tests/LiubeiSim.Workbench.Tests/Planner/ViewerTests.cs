using System.Text.RegularExpressions;
using LiubeiSim.Workbench.Tests.Browser;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.Planner;

/// <summary>With keys on, roles hold in the browser as in the API: a viewer reads, a planner runs.</summary>
public sealed class ViewerTests(KeyedWorkbenchHost host) : IClassFixture<KeyedWorkbenchHost>
{
    [Fact]
    public async Task A_viewer_signed_in_cannot_start_a_run_or_a_comparison_and_a_planner_can()
    {
        await using var viewer = await SignInAsync(host.Viewer, "/scenarios/edit?from=baseline-2023");
        await viewer.WaitInteractiveAsync();
        await Assertions.Expect(viewer.Page.Locator("#scenario-yaml")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Page.Locator("#run-scenario")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Page.Locator("#compare-scenario")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Page.Locator("#save-scenario")).ToHaveCountAsync(0);
        await viewer.ScreenshotAsync("viewer-editor");

        await viewer.GotoAsync("/compare");
        await viewer.WaitInteractiveAsync();
        await Assertions.Expect(viewer.Page.Locator("#compare-not-allowed")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Page.Locator("#compare-start")).ToHaveCountAsync(0);

        await using var planner = await SignInAsync(host.Planner, "/scenarios/edit?from=baseline-2023");
        await planner.WaitInteractiveAsync();
        await Assertions.Expect(planner.Page.Locator("#run-scenario")).ToBeVisibleAsync();
        await Assertions.Expect(planner.Page.Locator("#compare-scenario")).ToBeVisibleAsync();
    }

    private async Task<WorkbenchSession> SignInAsync(string key, string page)
    {
        var session = await host.OpenAsync($"/signin?returnUrl={Uri.EscapeDataString(page)}");
        await session.Page.Locator("#key").FillAsync(key);
        await session.Page.Locator("#signin-submit").ClickAsync();
        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex(Regex.Escape(page) + "$"));
        return session;
    }
}
