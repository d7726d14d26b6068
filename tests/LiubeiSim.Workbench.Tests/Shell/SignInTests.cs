using System.Net;
using System.Text.RegularExpressions;
using LiubeiSim.Workbench.Tests.Browser;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.Shell;

/// <summary>
/// A host with keys: the workbench asks for a key once, keeps it in an HTTP-only cookie page script cannot read, lets it
/// read the API (downloads) but never write through it, and forgets it when it is revoked.
/// </summary>
public sealed partial class SignInTests(KeyedWorkbenchHost host) : IClassFixture<KeyedWorkbenchHost>
{
    [Fact]
    public async Task A_viewer_signs_in_once_and_the_key_stays_out_of_page_script()
    {
        await using var session = await host.OpenAsync("/?tab=1");

        // Sent to sign in, coming back to the page asked for.
        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2F%3Ftab%3D1$"));
        await session.Page.Locator("#key").FillAsync("liubeisim_" + new string('A', 43));
        await session.Page.Locator("#signin-submit").ClickAsync();
        await Assertions.Expect(session.Page.Locator("#signin-problem")).ToContainTextAsync("not one this cluster has");
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "liubeisim-key");

        await session.Page.Locator("#key").FillAsync(host.Viewer);
        await session.Page.Locator("#signin-submit").ClickAsync();

        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("/\\?tab=1$"));
        await Assertions.Expect(session.Page.Locator("#signed-in-as")).ToContainTextAsync("val");
        var cookie = Assert.Single(await session.Context.CookiesAsync(), c => c.Name == "liubeisim-key");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(host.Viewer, cookie.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("liubeisim-key", await session.Page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);

        // The cookie reads the API (a download link works); a write through it is refused even with a planner's role.
        Assert.Equal(200, await session.Page.EvaluateAsync<int>("async () => (await fetch('/api/scenarios')).status"));
        Assert.Equal(401, await session.Page.EvaluateAsync<int>(
            "async () => (await fetch('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scenario: 'baseline-2023' }) })).status"));
    }

    [Fact]
    public async Task A_revoked_key_is_asked_for_again_and_signing_out_forgets_it()
    {
        var name = "wendy-" + Guid.NewGuid().ToString("N")[..8];
        var key = await host.CreateKeyAsync(host.Admin, name, "planner");
        await using var session = await host.OpenAsync("/signin?returnUrl=%2F");
        await session.Page.Locator("#key").FillAsync(key);
        await session.Page.Locator("#signin-submit").ClickAsync();
        await Assertions.Expect(session.Page.Locator("#signed-in-as")).ToContainTextAsync("wendy-");

        // Sign out (a form with an antiforgery token) and the cookie is gone.
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("/signin$"));
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "liubeisim-key");

        await session.Page.Locator("#key").FillAsync(key);
        await session.Page.Locator("#signin-submit").ClickAsync();
        await Assertions.Expect(session.Page.Locator("#signed-in-as")).ToContainTextAsync("wendy-");
        await session.WaitInteractiveAsync();

        using (var http = new HttpClient { BaseAddress = host.Address })
        {
            using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/api/keys/{name}");
            revoke.Headers.Authorization = new("Bearer", host.Admin);
            using var revoked = await http.SendAsync(revoke, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        // The page left open notices by itself (the host asks every 2 s here) and sends the person to sign in.
        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2F$"), new() { Timeout = 120_000 });
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "liubeisim-key");
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_its_antiforgery_token()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "signin", ["Input.Key"] = host.Viewer });
        using var response = await http.PostAsync("/signin", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("liubeisim-key=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_forged_cookie_is_no_sign_in()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        request.Headers.Add("Cookie", $"liubeisim-key={host.Viewer}");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
