using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;
using Xunit.v3;

[assembly: LiubeiSim.Workbench.Tests.Browser.BrowserFailureReport]

namespace LiubeiSim.Workbench.Tests.Browser;

/// <summary>
/// Full-page PNGs of what each end-to-end test saw, under the test output:
/// <c>{AppContext.BaseDirectory}/screenshots/{TestClass}/{TestMethod}/{NN}-{page}.png</c>, NN counting the test's shots from
/// 01. A test's folder is emptied at its first shot, so it never mixes runs. A theory's rows get a folder each, the method
/// name followed by the row's arguments.
/// </summary>
public static class Screenshots
{
    /// <summary>Bounds a shot of a page that is stuck or crashed, so the report of a failure never hangs on it.</summary>
    private static readonly TimeSpan ShotTimeout = TimeSpan.FromSeconds(20);

    private static readonly ConcurrentDictionary<string, TestShots> ByTest = new();

    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The current test's folder: <c>screenshots/{TestClass}/{TestMethod}</c>.</summary>
    public static string FolderOfCurrentTest()
    {
        var context = TestContext.Current;
        var testClass = context.TestClass?.TestClassSimpleName ?? "NoClass";
        var method = context.TestMethod?.MethodName ?? "NoMethod";
        var display = context.Test?.TestDisplayName ?? string.Empty;
        var arguments = display.IndexOf('(', StringComparison.Ordinal);
        var folder = arguments >= 0 ? $"{method}-{Slug(display[arguments..])}" : method;
        return Path.Combine(Root, Slug(testClass), folder);
    }

    /// <summary>
    /// Takes a full-page PNG of <paramref name="page"/> as the current test's next shot, named <paramref name="name"/> or,
    /// when none is given, after the page's path (<c>/district/towns</c> → <c>district-towns</c>, <c>/</c> → <c>root</c>).
    /// Returns its path, which is also written to the test's output.
    /// </summary>
    public static async Task<string> TakeAsync(IPage page, string? name = null)
    {
        var path = Next(name ?? PageName(page.Url));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = (float)ShotTimeout.TotalMilliseconds });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>The name a page's shot gets from its address: its path as a slug, its host for a page of another site.</summary>
    public static string PageName(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Slug(url.Split(':')[0]) is { Length: > 0 } scheme ? scheme : "blank";
        }

        if (!System.Net.IPAddress.TryParse(uri.Host, out var address) || !System.Net.IPAddress.IsLoopback(address))
        {
            return Slug(uri.Host + uri.AbsolutePath);
        }

        return Slug(uri.AbsolutePath) is { Length: > 0 } slug ? slug : "root";
    }

    /// <summary>Called by a session when it ends: what to print if the test fails.</summary>
    internal static void Report(string report)
    {
        if (TestContext.Current.Test?.UniqueID is { } id)
        {
            ByTest.GetOrAdd(id, _ => new TestShots()).AddReport(report);
        }
    }

    /// <summary>The reports of the current test's sessions, forgotten once read.</summary>
    internal static IReadOnlyList<string> TakeReports(string testId) =>
        ByTest.TryRemove(testId, out var shots) ? shots.Reports() : [];

    private static string Next(string name)
    {
        var id = TestContext.Current.Test?.UniqueID ?? "no-test";
        var shots = ByTest.GetOrAdd(id, _ => new TestShots());
        var folder = FolderOfCurrentTest();
        var number = shots.Next(folder);
        return Path.Combine(folder, $"{number:00}-{Slug(name)}.png");
    }

    private static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '.' or '_')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-', '.');
        return result.Length <= 80 ? result : result[..80].TrimEnd('-', '.');
    }

    private sealed class TestShots
    {
        private readonly Lock _lock = new();
        private readonly List<string> _reports = [];
        private int _count;

        public int Next(string folder)
        {
            lock (_lock)
            {
                if (_count == 0 && Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                Directory.CreateDirectory(folder);
                return ++_count;
            }
        }

        public void AddReport(string report)
        {
            lock (_lock)
            {
                _reports.Add(report);
            }
        }

        public IReadOnlyList<string> Reports()
        {
            lock (_lock)
            {
                return [.. _reports];
            }
        }
    }
}

/// <summary>
/// Applied to the whole assembly: after each test, if it failed, adds the last screenshot and the console errors and failed
/// requests of each browser session it opened to the failure, so the failure message names the PNG to look at.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BrowserFailureReportAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var reports = Screenshots.TakeReports(test.UniqueID);
        if (reports.Count > 0 && TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            throw new BrowserFailureReport(string.Join(Environment.NewLine, reports));
        }
    }
}

/// <summary>What the browser showed and logged when a test failed: raised beside the test's own failure, never alone.</summary>
public sealed class BrowserFailureReport(string message) : Exception(message);
