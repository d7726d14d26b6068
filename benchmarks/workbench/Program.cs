using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

// Usage: dotnet run -c Release --project benchmarks/workbench -- http://127.0.0.1:5180 [repeats]
// Serve first: dotnet run -c Release --project src/LiubeiSim.Cli -- serve --data /tmp/timing   (keyless, loopback)
if (args.Length < 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var address))
{
    Console.Error.WriteLine("usage: LiubeiSim.Workbench.Timing http://127.0.0.1:5180 [repeats]");
    return 2;
}

var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
string[] pages = ["/", "/district", "/scenarios/edit?from=baseline-2023", "/runs", "/compare"];

Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("LIUBEISIM_CHROMIUM") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

Console.WriteLine($"# {address} · {repeats} loads a page after one warm-up · load {File.ReadAllText("/proc/loadavg").Split(' ')[0]} · {Environment.ProcessorCount} cores");
Console.WriteLine("page                                  first paint ms (median / p90 / max)   HTML ms (median)");
foreach (var path in pages)
{
    var paints = new List<double>();
    var documents = new List<double>();
    for (var i = 0; i <= repeats; i++)
    {
        // A fresh context each time: no cache, no cookies, as a first visit.
        await using var context = await browser.NewContextAsync(new() { BaseURL = address.ToString(), Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
        var paint = await page.EvaluateAsync<double>("() => (performance.getEntriesByName('first-contentful-paint')[0] || performance.getEntriesByType('paint')[0] || { startTime: NaN }).startTime");
        var html = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseEnd");
        if (i > 0)
        {
            paints.Add(paint);
            documents.Add(html);
        }
    }

    paints.Sort();
    documents.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{path,-38}{paints[paints.Count / 2],10:0} / {paints[(int)Math.Ceiling(paints.Count * 0.9) - 1],5:0} / {paints[^1],5:0}{documents[documents.Count / 2],20:0}"));
}

// Run to chart: the editor's Run button to the run's page with its first fan chart's table drawn.
{
    await using var context = await browser.NewContextAsync(new() { BaseURL = address.ToString(), Locale = "zh-CN" });
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(600_000);
    await page.GotoAsync("/scenarios/edit?from=baseline-2023", new() { WaitUntil = WaitUntilState.NetworkIdle });
    await page.Locator("#run-scenario").WaitForAsync();
    var watch = Stopwatch.StartNew();
    await page.Locator("#run-scenario").ClickAsync();
    await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/runs/[^/?]+$"));
    var submitted = watch.Elapsed;
    await page.Locator("[id^='fan-table-']").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run to chart (baseline-2023 as the editor opens it): {watch.Elapsed.TotalSeconds:0.0} s (the run's page after {submitted.TotalSeconds:0.0} s)"));
}

// The issue's planner question, as a person would do it: the editor, two levers, Compare with control at the
// scenario's own 1,000 replications, to the industrial revival target's row on the answer page.
{
    await using var context = await browser.NewContextAsync(new() { BaseURL = address.ToString(), Locale = "zh-CN" });
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(600_000);
    var watch = Stopwatch.StartNew();
    await page.GotoAsync("/scenarios/edit?from=baseline-2023");
    await page.Locator("main[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    foreach (var (lever, value) in new[] { ("sgmw_demand_growth", "20"), ("project_delay_months", "6") })
    {
        await page.Locator($"#lever-{lever}").FillAsync(value);
        await page.Locator($"#lever-{lever}").PressAsync("Tab");
    }

    await page.Locator("#scenario-status[data-valid='true']").WaitForAsync();
    await page.Locator("#compare-scenario").ClickAsync();
    await page.Locator("main[data-interactive='true'] #compare-start:enabled").WaitForAsync();
    await page.Locator("#compare-start").ClickAsync();
    var revival = page.Locator("#target-changes tr[data-target='Industrial revival']");
    await revival.WaitForAsync();
    var change = await revival.Locator("td[data-side='change']").InnerTextAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"planner question (SGMW +20%, projects 6 months late, 1,000 replications) in the browser: {watch.Elapsed.TotalSeconds:0.0} s; industrial revival {change}"));
}

return 0;
