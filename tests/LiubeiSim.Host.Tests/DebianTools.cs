using System.Diagnostics;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// Finds the real components the tests start: Prometheus and promtool (Debian package <c>prometheus</c>) and Redis
/// (<c>redis-server</c>). Missing in CI (the <c>CI</c> variable set) is a failure, since .ci/run installs the
/// packages; elsewhere the test is skipped, saying what to install.
/// </summary>
public static class DebianTools
{
    public static string Prometheus => Require("prometheus", "prometheus");

    public static string Promtool => Require("promtool", "prometheus");

    public static string RedisServer => Require("redis-server", "redis-server");

    private static string Require(string tool, string package)
    {
        string[] candidates = [Path.Combine("/usr/bin", tool), .. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))];
        if (candidates.FirstOrDefault(File.Exists) is { } found)
        {
            return found;
        }

        var message = $"`{tool}` was not found: install the Debian package `{package}` (apt-get install -y {package}).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        throw new UnreachableException();
    }
}
