using System.Diagnostics;
using LiubeiSim.Workbench.Tests.Browser;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.Shell;

/// <summary>The workbench's frame on a keyless loopback host: the start page, its headers, its language.</summary>
public sealed class StartPageTests(WorkbenchHost host) : IClassFixture<WorkbenchHost>
{
    [Fact]
    public async Task The_start_page_is_prerendered_then_connects_its_circuit_with_nothing_the_policy_blocks()
    {
        // The server's HTML alone already holds the page: the first paint needs no script.
        using (var http = new HttpClient { BaseAddress = host.Address })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Accept.ParseAdd("text/html");
            request.Headers.AcceptLanguage.ParseAdd("en-US");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("LiubeiSim: Liubei district economy workbench</h1>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToDictionary(d => d.Split(' ')[0], d => d);
            Assert.Equal("script-src 'self'", directives["script-src"]);
            Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        var circuit = new TaskCompletionSource();
        var watch = Stopwatch.StartNew();
        await using var session = await host.OpenAsync("/");
        session.Page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                circuit.TrySetResult();
            }
        };

        await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("LiubeiSim: Liubei district economy workbench");
        await Assertions.Expect(session.Page.Locator("#language-switch")).ToHaveTextAsync("中文");

        // The circuit opens (or had opened before the handler was attached, in which case Blazor says so on the page).
        var connected = await Task.WhenAny(circuit.Task, Task.Delay(DebianChromium.Timeout, TestContext.Current.CancellationToken)) == circuit.Task
            || await session.Page.EvaluateAsync<bool>("() => typeof window.Blazor === 'object'");
        Assert.True(connected, $"no Blazor circuit within {DebianChromium.Timeout.TotalSeconds} s ({watch.Elapsed.TotalSeconds:0.0} s)");

        // Policy violations (an inline script, a blocked eval, a file from elsewhere) are console errors in Chromium.
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_language_switches_and_is_remembered_by_the_browser()
    {
        await using var session = await host.OpenAsync("/");
        await Assertions.Expect(session.Page.Locator("h1")).ToHaveTextAsync("LiubeiSim: Liubei district economy workbench");

        await session.Page.Locator("#language-switch").ClickAsync();

        await Assertions.Expect(session.Page.Locator("h1")).ToHaveTextAsync("柳北区经济模拟工作台");
        Assert.Equal("zh-CN", await session.Page.Locator("html").GetAttributeAsync("lang"));

        // The same browser, a fresh visit, an English Accept-Language: the choice wins.
        await session.GotoAsync("/");
        await Assertions.Expect(session.Page.Locator("h1")).ToHaveTextAsync("柳北区经济模拟工作台");
        await Assertions.Expect(session.Page.Locator("#language-switch")).ToHaveTextAsync("English");

        await session.Page.Locator("#language-switch").ClickAsync();
        await Assertions.Expect(session.Page.Locator("h1")).ToHaveTextAsync("LiubeiSim: Liubei district economy workbench");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_Chinese_browser_gets_the_Chinese_pages_without_choosing()
    {
        await using var session = await host.OpenAsync("/", Locales.Chinese);

        await Assertions.Expect(session.Page.Locator("h1")).ToHaveTextAsync("柳北区经济模拟工作台");
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Link, new() { Name = "区情" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    public async Task The_language_link_never_sends_the_browser_to_another_site(string returnUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };
        using var response = await http.GetAsync($"/language/en?returnUrl={Uri.EscapeDataString(returnUrl)}", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_language_is_a_404_naming_the_ones_there_are()
    {
        using var http = new HttpClient { BaseAddress = host.Address };
        using var response = await http.GetAsync("/language/fr", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("zh-CN, en", body, StringComparison.Ordinal);
    }
}
