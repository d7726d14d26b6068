using System.ComponentModel;
using System.Diagnostics;

namespace LiubeiSim.Cli.Serving;

/// <summary>
/// <c>serve --open</c>: the person's browser on the workbench. The program named by the <c>BROWSER</c> variable when set
/// (the convention other tools follow, and how a test sees what would open), else the desktop's opener.
/// </summary>
public static class BrowserLauncher
{
    public const string Variable = "BROWSER";

    /// <summary>Starts the browser on <paramref name="address"/>; null when it started, else why not, in one line.</summary>
    public static string? TryOpen(Uri address)
    {
        var start = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } browser
            ? new ProcessStartInfo(browser)
            : OperatingSystem.IsWindows() ? new ProcessStartInfo(address.AbsoluteUri) { UseShellExecute = true }
            : new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open");
        if (!start.UseShellExecute)
        {
            start.ArgumentList.Add(address.AbsoluteUri);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
        }

        try
        {
            // Not waited for: a browser may run for hours; its output is not ours to print.
            using var process = Process.Start(start);
            return process is null ? $"{start.FileName} did not start" : null;
        }
        catch (Win32Exception e)
        {
            return $"{start.FileName} could not be started ({e.Message})";
        }
    }
}
