using System.Text;
using Microsoft.Playwright;

namespace LiubeiSim.Workbench.Tests.Browser;

/// <summary>The locales the workbench speaks, for <see cref="WorkbenchHost.OpenAsync"/>.</summary>
public static class Locales
{
    public const string English = "en-US";

    public const string Chinese = "zh-CN";
}

/// <summary>
/// One test's browser context and page. Collects the console's errors, uncaught page errors and failed requests (4xx and
/// 5xx answers, requests that never completed: unresolvable names, refused connections, blocked by the page's CSP).
/// Each page the session visits gets a full-page screenshot when it leaves it (at the next <see cref="GotoAsync"/> or when
/// the session ends), so the shot shows the page as the test's assertions last saw it; a failed test's message names the
/// last shot and lists what was collected.
/// </summary>
public sealed class WorkbenchSession : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _failedRequests = [];
    private readonly List<string> _shots = [];
    private bool _visiting;
    private bool _disposed;

    internal WorkbenchSession(string locale, IBrowserContext context, IPage page)
    {
        Locale = locale;
        Context = context;
        Page = page;
        context.Console += (_, message) =>
        {
            // Chromium itself asks for /favicon.ico of a page that names no icon (a plain-text probe, say), and logs its 404
            // as the page's: that is no error of the page. An icon the page names and the host lacks is still one.
            if (message.Type == "error" && !IsOwnFaviconRequest(message.Location))
            {
                Add(_consoleErrors, $"console error ({message.Location}): {message.Text}");
            }
        };
        context.WebError += (_, error) => Add(_consoleErrors, $"uncaught error: {error.Error}");
        context.RequestFailed += (_, request) => Add(_failedRequests, $"{request.Method} {request.Url} failed: {request.Failure}");
        context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Add(_failedRequests, $"{response.Request.Method} {response.Url} answered {response.Status} {response.StatusText}");
            }
        };
    }

    public string Locale { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The answer to the last <see cref="GotoAsync"/> (null for a same-document navigation).</summary>
    public IResponse? Response { get; private set; }

    /// <summary>Console errors and uncaught page errors so far.</summary>
    public IReadOnlyList<string> ConsoleErrors => Snapshot(_consoleErrors);

    /// <summary>Requests answered 4xx or 5xx, or never completed, so far.</summary>
    public IReadOnlyList<string> FailedRequests => Snapshot(_failedRequests);

    /// <summary>The paths of the screenshots taken so far.</summary>
    public IReadOnlyList<string> Screenshots => Snapshot(_shots);

    /// <summary>
    /// Screenshots the page being left, then navigates to <paramref name="path"/> (relative to the host, or an absolute
    /// address) and waits for its load event. Throws what Playwright throws when the navigation fails.
    /// </summary>
    public async Task<IResponse?> GotoAsync(string path)
    {
        if (_visiting)
        {
            await ScreenshotAsync();
        }

        _visiting = true;
        Response = await Page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return Response;
    }

    /// <summary>
    /// Waits until the workbench page is interactive (the layout marks <c>main[data-interactive]</c> once its circuit
    /// renders it). A click before that lands on the prerendered page: Blazor may drop a button's, and an internal link
    /// becomes an enhanced navigation, a fetch of the page that the circuit, once up, or leaving the page aborts (a failed
    /// request). Whole-document navigations need no wait: the language switch (<c>data-enhance-nav="false"</c>), plain
    /// forms, <see cref="GotoAsync"/>.
    /// </summary>
    public Task WaitInteractiveAsync() =>
        Page.Locator("main[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>A full-page screenshot now, named <paramref name="name"/> or after the page's path; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string? name = null)
    {
        var path = await Browser.Screenshots.TakeAsync(Page, name);
        Add(_shots, path);
        return path;
    }

    /// <summary>Fails the test, listing them, if the page logged console errors, threw, or had requests fail.</summary>
    public void AssertNoConsoleErrors()
    {
        var problems = ConsoleErrors.Concat(FailedRequests).ToList();
        if (problems.Count > 0)
        {
            Assert.Fail($"The page at {Page.Url} ({Locale}) had {problems.Count} console error(s) or failed request(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  " + p))}");
        }
    }

    /// <summary>Screenshots the page as it is left, keeps what the failure report needs, and closes the context.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        string shot;
        try
        {
            shot = _visiting ? await ScreenshotAsync() : "(none: no page was visited)";
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            shot = $"(none: the page could not be captured: {e.Message.Split('\n')[0]})";
        }

        var report = new StringBuilder()
            .AppendLine($"Browser session ({Locale}) ended at {Page.Url}")
            .AppendLine($"  last screenshot: {shot}");
        foreach (var (title, lines) in new[] { ("console errors", ConsoleErrors), ("failed requests", FailedRequests) })
        {
            report.AppendLine($"  {title}: {(lines.Count == 0 ? "none" : string.Empty)}");
            foreach (var line in lines)
            {
                report.AppendLine($"    {line}");
            }
        }

        Browser.Screenshots.Report(report.ToString());
        await Context.CloseAsync();
    }

    private static bool IsOwnFaviconRequest(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith("/favicon.ico", StringComparison.Ordinal);

    private void Add(List<string> list, string item)
    {
        lock (_lock)
        {
            list.Add(item);
        }
    }

    private List<string> Snapshot(List<string> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }
}
