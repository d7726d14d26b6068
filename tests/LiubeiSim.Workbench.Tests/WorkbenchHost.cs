using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiubeiSim.Host.Tests;
using LiubeiSim.Workbench.Tests.Browser;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests;

/// <summary>
/// A class or collection fixture: the real host started in process (<see cref="RunningHost"/>: Kestrel on 127.0.0.1 with a
/// port the OS picks, its silo on free loopback ports, a fresh temporary data directory), and one headless Debian Chromium
/// shared by the tests that use the fixture, each of which gets a context of its own from <see cref="OpenAsync"/>.
/// The browser starts at the first session, inside a test, so a machine without it skips (or in CI fails) that test.
/// </summary>
public class WorkbenchHost : IAsyncLifetime
{
    private readonly bool _keys;
    private readonly string[] _settings;
    private readonly SemaphoreSlim _launch = new(1, 1);
    private RunningHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _browserHome;

    public WorkbenchHost()
        : this(keys: false)
    {
    }

    /// <param name="keys">Creates an admin, a planner and a viewer key once the host has started; from then on every request needs one.</param>
    /// <param name="settings">Host settings, e.g. <c>--Cors:Origins:0=...</c>; later ones override earlier ones.</param>
    protected WorkbenchHost(bool keys, params string[] settings)
    {
        _keys = keys;
        _settings = settings;
    }

    public RunningHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The host's address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address => Host.Address;

    /// <summary>An admin key (named <c>root</c>) on a host with keys; null on a keyless one.</summary>
    public string? Admin { get; private set; }

    /// <summary>A planner key (named <c>alice</c>) on a host with keys; null on a keyless one.</summary>
    public string? Planner { get; private set; }

    /// <summary>A viewer key (named <c>val</c>) on a host with keys; null on a keyless one.</summary>
    public string? Viewer { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _host = await RunningHost.StartAsync(_settings);
        if (_keys)
        {
            // As KeyedHostFixture does: the first admin key by the local user of a host with none, then the others with it.
            Admin = await CreateKeyAsync(null, "root", "admin");
            Planner = await CreateKeyAsync(Admin, "alice", "planner");
            Viewer = await CreateKeyAsync(Admin, "val", "viewer");
        }
    }

    /// <summary>The fixture's browser, launched at the first call; skips the test (fails it in CI) when chromium is missing.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        var executable = DebianChromium.Find();
        await _launch.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_browser is not { IsConnected: true })
            {
                _playwright ??= await DebianChromium.StartPlaywrightAsync();

                // Playwright's 5 s for an expectation is short for a page turning interactive on a shared two-core machine.
                Assertions.SetDefaultExpectTimeout((float)DebianChromium.Timeout.TotalMilliseconds);
                _browserHome ??= Directory.CreateTempSubdirectory("liubeisim-workbench-chromium-").FullName;
                _browser = await DebianChromium.LaunchAsync(_playwright, executable, _browserHome);
            }

            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    /// <summary>
    /// Opens the workbench in the fixture's browser: a fresh context (no cookies, no storage) in <paramref name="locale"/>
    /// (<c>navigator.language</c> and the <c>Accept-Language</c> header), with <paramref name="apiKey"/> as the bearer token
    /// of every request it makes when given, and its page at <paramref name="path"/> of the host. Skips the test (fails it
    /// in CI) when chromium is missing.
    /// <code>
    /// await using var session = await host.OpenAsync("/district", locale: Locales.Chinese);
    /// await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "柳北区" })).ToBeVisibleAsync();
    /// session.AssertNoConsoleErrors();
    /// </code>
    /// </summary>
    public async Task<WorkbenchSession> OpenAsync(string path = "/", string locale = Locales.English, string? apiKey = null)
    {
        var browser = await BrowserAsync();
        var options = new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        };
        if (apiKey is not null)
        {
            options.ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" };
        }

        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)DebianChromium.Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)DebianChromium.Timeout.TotalMilliseconds);
        var session = new WorkbenchSession(locale, context, await context.NewPageAsync());
        try
        {
            await session.GotoAsync(path);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>POST /api/keys as <paramref name="asKey"/> (null: no key); fails the test unless 201. Returns the new key.</summary>
    public async Task<string> CreateKeyAsync(string? asKey, string name, string role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new { name, role }) };
        if (asKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", asKey);
        }

        using var response = await Host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/keys {name} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _launch.Dispose();
        if (_browserHome is not null)
        {
            try
            {
                Directory.Delete(_browserHome, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The crash reporter may outlive the browser by a moment; a temp folder left behind fails nothing.
            }
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>A <see cref="WorkbenchHost"/> with an admin, a planner and a viewer key: every request needs one.</summary>
public sealed class KeyedWorkbenchHost() : WorkbenchHost(keys: true, "--Workbench:RevalidationSeconds=2")
{
    public new string Admin => base.Admin!;

    public new string Planner => base.Planner!;

    public new string Viewer => base.Viewer!;
}
