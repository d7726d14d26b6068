using System.Diagnostics;

namespace LiubeiSim.Examples.Tests;

/// <summary>
/// Finds <c>python3</c> for the Python examples. Missing in CI (the <c>CI</c> variable set) is a failure, since
/// .ci/run installs Debian's <c>python3</c>; elsewhere the test is skipped, saying what to install.
/// </summary>
public static class Python
{
    public static string Path
    {
        get
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append("/usr/bin")
                .Select(directory => System.IO.Path.Combine(directory, "python3"))
                .FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }

            const string message = "`python3` was not found: install the Debian package `python3` (apt-get install -y python3).";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
            throw new UnreachableException();
        }
    }
}
