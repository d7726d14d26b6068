using System.Diagnostics;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// Finds Prometheus' binaries (Debian package <c>prometheus</c>). Missing in CI (the <c>CI</c> variable set) is a
/// failure, since .ci/run installs the package; elsewhere the test is skipped, saying what to install.
/// </summary>
public static class PrometheusTools
{
    public const string DebianPackage = "prometheus";

    public static string Prometheus => Require("prometheus");

    public static string Promtool => Require("promtool");

    private static string Require(string tool)
    {
        string[] candidates = [Path.Combine("/usr/bin", tool), .. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))];
        if (candidates.FirstOrDefault(File.Exists) is { } found)
        {
            return found;
        }

        var message = $"`{tool}` was not found: install the Debian package `{DebianPackage}` (apt-get install -y {DebianPackage}).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        throw new UnreachableException();
    }
}
