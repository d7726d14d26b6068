using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Examples.Tests;

/// <summary>
/// <c>liubeisim serve</c> in a process of its own, as a user starts it: HTTP on 127.0.0.1 at a port the OS picks (read
/// back from the line the command prints), its silo on free loopback ports under a cluster id of its own, its state in a
/// temporary data directory of its own (the user's data folder admits one serve at a time).
/// </summary>
public sealed partial class ServedHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private ServedHost(Process process, Uri address, string data)
    {
        _process = process;
        _data = data;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="cli">The tool's assembly to start with <c>dotnet</c>: the one built with the solution unless given.</param>
    public static async Task<ServedHost> StartAsync(string? cli = null)
    {
        var ports = FreePorts.Take(2);
        var data = Directory.CreateTempSubdirectory("liubeisim-examples-data-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            cli ?? Repository.Cli, "serve", "--urls", "http://127.0.0.1:0", "--data", data,
            $"--Orleans:SiloPort={ports[0].ToString(CultureInfo.InvariantCulture)}",
            $"--Orleans:GatewayPort={ports[1].ToString(CultureInfo.InvariantCulture)}",
            $"--Orleans:ClusterId=examples-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("liubeisim serve did not start.");
        _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var seen = new System.Text.StringBuilder();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            while (await process.StandardError.ReadLineAsync(limit.Token) is { } line)
            {
                seen.AppendLine(line);
                if (ServingOn().Match(line) is { Success: true } match)
                {
                    // Keep draining stderr so the server never blocks on a full pipe.
                    _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
                    return new ServedHost(process, new Uri(match.Groups[1].Value), data);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        process.Dispose();
        Directory.Delete(data, recursive: true);
        throw new InvalidOperationException($"liubeisim serve did not say where it serves within 2 minutes:\n{seen}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingOn();
}
