using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Examples.Tests;

/// <summary>
/// <c>liubeisim serve</c> in a process of its own, as a user starts it: HTTP on 127.0.0.1 at a port the OS picks (read
/// back from the line the command prints), its silo on free loopback ports under a cluster id of its own.
/// </summary>
public sealed partial class ServedHost : IAsyncDisposable
{
    private readonly Process _process;

    private ServedHost(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServedHost> StartAsync()
    {
        var ports = FreePorts.Take(2);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Repository.Cli, "serve", "--urls", "http://127.0.0.1:0",
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
                    return new ServedHost(process, new Uri(match.Groups[1].Value));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
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
    }

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingOn();
}
