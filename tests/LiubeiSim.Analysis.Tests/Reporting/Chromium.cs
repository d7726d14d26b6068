using System.Diagnostics;
using System.Text;

namespace LiubeiSim.Analysis.Tests.Reporting;

/// <summary>
/// Debian's headless Chromium (package <c>chromium</c>), found on PATH and never downloaded. Missing in CI (the
/// <c>CI</c> variable set) is a failure, since CI installs the package; elsewhere the test is skipped, saying so.
/// </summary>
internal static class Chromium
{
    /// <summary>Generous: a cold first start on a shared two-core machine takes several seconds.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public sealed record Outcome(int ExitCode, string Output, string Errors);

    public static string Find()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "chromium"))
            .FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        const string message = "`chromium` was not found on PATH: install the Debian package `chromium` (apt-get install -y chromium) to run the browser test.";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        throw new UnreachableException();
    }

    /// <summary>
    /// Runs headless Chromium on <paramref name="file"/> with a fresh profile, no network (every host name fails to
    /// resolve, so a report that needed the network would show it), and kills it if it outlives <see cref="Limit"/>.
    /// </summary>
    public static async Task<Outcome> RunAsync(string chromium, string file, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("liubeisim-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = profile,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (var argument in (string[])[
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
                .. arguments, new Uri(file).AbsoluteUri])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{chromium} did not start.");
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(Limit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                Assert.Fail($"chromium {string.Join(' ', arguments)} did not finish within {Limit.TotalSeconds} s and was killed. stderr:\n{Tail(await errors)}");
            }

            return new Outcome(process.ExitCode, await output, await errors);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Chromium may still be flushing its profile; a temp folder left behind fails nothing.
            }
        }
    }

    public static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
