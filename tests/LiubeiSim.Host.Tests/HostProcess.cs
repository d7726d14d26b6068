using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// The host (<c>LiubeiSim.Host.dll</c>, built beside the tests with its own runtime settings: server GC, as the container
/// runs it) in a process of its own, so it can be given a hard heap limit and die without taking the tests with it.
/// HTTP and probes on 127.0.0.1 at ports the OS picks, read back from the host's log; silo ports free on loopback; its
/// state in a temporary data directory.
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly string _data;
    private readonly ConcurrentQueue<string> _lines;

    private HostProcess(Process process, string data, ConcurrentQueue<string> lines, Uri address, Uri probes)
    {
        _process = process;
        _data = data;
        _lines = lines;
        Address = address;
        Probes = probes;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    /// <summary>The listener of its own that answers /healthz and /readyz (Probes:Url).</summary>
    public Uri Probes { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote, for a failure's message.</summary>
    public string Output => string.Join('\n', _lines);

    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        var ports = FreePorts.Take(2);
        var data = Directory.CreateTempSubdirectory("liubeisim-host-process-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "LiubeiSim.Host.dll"),
            "--urls", "http://127.0.0.1:0",
            "--Probes:Url=http://127.0.0.1:0",
            $"--Orleans:SiloPort={ports[0].ToString(CultureInfo.InvariantCulture)}",
            $"--Orleans:GatewayPort={ports[1].ToString(CultureInfo.InvariantCulture)}",
            $"--Orleans:ClusterId=host-process-{Guid.NewGuid():N}",
            $"--Orleans:Data={data}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            "--Logging:LogLevel:LiubeiSim.Host.Health.ProbeListener=Information",
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:SingleLine=true",
        }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new ConcurrentQueue<string>();
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probes = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Note(string? line)
        {
            if (line is null)
            {
                return;
            }

            lines.Enqueue(line);
            if (ListeningOn().Match(line) is { Success: true } api)
            {
                address.TrySetResult(new Uri(api.Groups[1].Value));
            }

            if (ProbesOn().Match(line) is { Success: true } probe)
            {
                probes.TrySetResult(new Uri(probe.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => Note(e.Data);
        process.ErrorDataReceived += (_, e) => Note(e.Data);
        process.Exited += (_, _) =>
        {
            address.TrySetException(new InvalidOperationException($"The host exited while starting:\n{string.Join('\n', lines)}"));
            probes.TrySetException(new InvalidOperationException($"The host exited while starting:\n{string.Join('\n', lines)}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var api = await address.Task.WaitAsync(StartLimit, TestContext.Current.CancellationToken);
            var probe = await probes.Task.WaitAsync(StartLimit, TestContext.Current.CancellationToken);
            return new HostProcess(process, data, lines, api, probe);
        }
        catch
        {
            await KillAsync(process);
            process.Dispose();
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync(_process);
        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private static async Task KillAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"answered on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ProbesOn();
}
