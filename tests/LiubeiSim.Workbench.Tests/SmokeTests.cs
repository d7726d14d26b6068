using LiubeiSim.Workbench.Tests.Browser;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests;

/// <summary>
/// The harness itself, against what the host serves today: the API reference page renders in Debian's chromium from the
/// in-process host, and the browser reaches nothing but 127.0.0.1.
/// </summary>
public sealed class SmokeTests(WorkbenchHost host) : IClassFixture<WorkbenchHost>
{
    [Fact]
    public async Task The_API_reference_page_renders_from_the_host_alone()
    {
        await using var session = await host.OpenAsync("/scalar");

        Assert.Equal(200, session.Response?.Status);
        await Assertions.Expect(session.Page).ToHaveTitleAsync("LiubeiSim API");

        // Rendered by the page's JavaScript from /openapi/v1.json: the document's title and one of its operations' tags.
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "LiubeiSim", Exact = false }).First).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.GetByText("Queue a scenario run on the cluster", new() { Exact = false }).First).ToBeVisibleAsync();

        session.AssertNoConsoleErrors();

        // The page is shot as the session leaves it.
        await session.DisposeAsync();
        var shot = Assert.Single(session.Screenshots);
        Assert.EndsWith(Path.Combine("screenshots", nameof(SmokeTests), nameof(The_API_reference_page_renders_from_the_host_alone), "01-scalar.png"), shot, StringComparison.Ordinal);
        Assert.True(new FileInfo(shot).Length > 10_000, $"{shot} is suspiciously small for a rendered page.");
    }

    [Fact]
    public async Task A_page_that_needs_the_network_cannot_reach_it()
    {
        await using var session = await host.OpenAsync("/scalar");

        var failure = await Assert.ThrowsAsync<PlaywrightException>(() => session.GotoAsync("http://example.com/"));

        Assert.Contains("ERR_NAME_NOT_RESOLVED", failure.Message, StringComparison.Ordinal);
        Assert.Contains(session.FailedRequests, request => request.Contains("http://example.com/", StringComparison.Ordinal) && request.Contains("ERR_NAME_NOT_RESOLVED", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Locales.English, "en-US")]
    [InlineData(Locales.Chinese, "zh-CN")]
    public async Task The_browser_asks_for_the_session_s_locale(string locale, string expected)
    {
        // A light page: the liveness probe's plain text.
        await using var session = await host.OpenAsync("/healthz", locale);

        Assert.Equal(expected, await session.Page.EvaluateAsync<string>("navigator.language"));
        Assert.StartsWith(expected, (await session.Response!.Request.AllHeadersAsync())["accept-language"], StringComparison.Ordinal);
    }
}
