using System.Diagnostics;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.Browser;

/// <summary>
/// Debian's Chromium (package <c>chromium</c>), driven by Playwright through <c>ExecutablePath</c>: Playwright's own
/// browser builds are never downloaded. Missing in CI (the <c>CI</c> variable set) is a failure, since CI installs the
/// package; elsewhere the test is skipped, saying so.
/// </summary>
public static class DebianChromium
{
    /// <summary>The Debian package that provides the browser.</summary>
    public const string Package = "chromium";

    /// <summary>Names the browser to use instead of /usr/bin/chromium or <c>chromium</c> on PATH; a missing file there counts as no browser.</summary>
    public const string Variable = "LIUBEISIM_CHROMIUM";

    /// <summary>Generous for every page action and navigation: CI is a shared two-core machine running a silo beside the browser.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Headless with no sandbox (tests run as root in CI), no GPU, no /dev/shm (small in containers), nothing fetched in the
    /// background, and a resolver that resolves no host name at all: only IP literals such as 127.0.0.1 are reached, so a page
    /// that needed a CDN or any other site breaks visibly instead of quietly working on a developer's machine.
    /// </summary>
    public static readonly IReadOnlyList<string> Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ];

    /// <summary>The browser's path; fails the test in CI and skips it elsewhere when there is none.</summary>
    public static string Find()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        string? found;
        string where;
        if (!string.IsNullOrEmpty(named))
        {
            found = File.Exists(named) ? named : null;
            where = $"at {named} (named by {Variable})";
        }
        else
        {
            found = new[] { "/usr/bin/chromium" }
                .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                    .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                    .Select(directory => Path.Combine(directory, "chromium")))
                .FirstOrDefault(File.Exists);
            where = "at /usr/bin/chromium or on PATH";
        }

        if (found is not null)
        {
            return found;
        }

        var message = $"`chromium` was not found {where}: install the Debian package `{Package}` (apt-get install -y {Package}) to run the workbench's browser tests.";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        throw new UnreachableException();
    }

    /// <summary>Starts Playwright's driver (the node runtime its package ships in the output folder), with browser downloads off.</summary>
    public static async Task<IPlaywright> StartPlaywrightAsync()
    {
        // Only `playwright install` downloads, and nothing here calls it; the variable makes sure nothing it starts tries.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        return await Playwright.CreateAsync();
    }

    /// <summary>
    /// Launches headless <paramref name="executable"/> with <see cref="Arguments"/>. <paramref name="home"/> becomes its HOME
    /// (and XDG config and cache folders): Playwright gives the profile a temporary folder of its own, but Chromium's crash
    /// reporter and GLib's dconf would otherwise write into the user's ~/.config and ~/.cache.
    /// </summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executable, string home)
    {
        // Playwright replaces the browser's whole environment with the one given, so start from this process's.
        var environment = Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? string.Empty);
        environment["HOME"] = home;
        environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
        environment["XDG_CACHE_HOME"] = Path.Combine(home, ".cache");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
            Env = environment,

            // A cold first start on a shared two-core machine takes several seconds.
            Timeout = (float)TimeSpan.FromSeconds(90).TotalMilliseconds,
        });
    }
}
