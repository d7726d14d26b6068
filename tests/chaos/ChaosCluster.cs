using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Chaos;

/// <summary>
/// A throwaway redis-server and three `liubeisim serve` processes forming one cluster through it, all on loopback.
/// Orleans must be told its silo and gateway ports before it binds them (it cannot bind port 0 and advertise the port
/// it got), so free ports are found first; a start that loses a port to another process is tried again on new ones.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public const int Silos = 3;
    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(2);

    private readonly Process _redis;
    private readonly List<SiloProcess> _silos = [];

    private ChaosCluster(Process redis, int redisPort)
    {
        _redis = redis;
        RedisPort = redisPort;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public int RedisPort { get; }

    public HttpClient Http { get; }

    public IReadOnlyList<SiloProcess> SiloProcesses => _silos;

    public static async Task<ChaosCluster> StartAsync(string redisServer, TextWriter log, CancellationToken cancellationToken, int silos = Silos)
    {
        var (redis, port) = await StartRedisAsync(redisServer, cancellationToken);
        var cluster = new ChaosCluster(redis, port);
        try
        {
            var clusterId = $"chaos-{Guid.NewGuid():N}";
            string[] arguments =
            [
                "--cluster", $"redis://127.0.0.1:{port}",
                $"--Orleans:ClusterId={clusterId}",
                "--Orleans:AdvertisedHost=127.0.0.1",
                "--Runs:MaxConcurrent=1",
                "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            ];
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(await StartSiloAsync(i, arguments, cancellationToken));
                log.WriteLine($"silo {i}: {cluster._silos[i].Address} (silo port {cluster._silos[i].SiloPort}, gateway {cluster._silos[i].GatewayPort})");
            }

            await cluster.WaitReadyAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a silo again on its own ports (a restarted process keeps its address, as a pod does).</summary>
    public async Task RestartAsync(int index, CancellationToken cancellationToken)
    {
        var old = _silos[index];
        var silo = new SiloProcess(index, old.SiloPort, old.GatewayPort, old.BaseArguments);
        await silo.StartAsync(cancellationToken);
        _silos[index] = silo;
        await WaitReadyAsync(cancellationToken);
    }

    /// <summary>A silo that is running, other than <paramref name="except"/>, for the API calls of a trial.</summary>
    public SiloProcess AnyLive(int? except = null) =>
        _silos.First(s => s.IsRunning && s.Index != except);

    /// <summary>Waits until every running silo says it is ready (an active member of the cluster).</summary>
    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyLimit;
        foreach (var silo in _silos.Where(s => s.IsRunning))
        {
            while (true)
            {
                try
                {
                    using var response = await Http.GetAsync(new Uri(silo.Address!, "/readyz"), cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"silo {silo.Index} was not ready within {ReadyLimit.TotalSeconds:0} s: {silo.Tail()}");
                }

                await Task.Delay(200, cancellationToken);
            }
        }
    }

    public async Task<JsonElement> GetJsonAsync(SiloProcess silo, string path, CancellationToken cancellationToken) =>
        await Http.GetFromJsonAsync<JsonElement>(new Uri(silo.Address!, path), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (!_redis.HasExited)
        {
            _redis.Kill(entireProcessTree: true);
            await _redis.WaitForExitAsync(CancellationToken.None);
        }

        _redis.Dispose();
        Http.Dispose();
    }

    private static async Task<SiloProcess> StartSiloAsync(int index, string[] arguments, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts.Take(2);
            var silo = new SiloProcess(index, ports[0], ports[1], arguments);
            try
            {
                await silo.StartAsync(cancellationToken);
                return silo;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && silo.Tail().Contains("in use", StringComparison.Ordinal))
            {
                // Another process took a port between finding it free and binding it: new ports.
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<(Process Redis, int Port)> StartRedisAsync(string redisServer, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePorts.Take(1)[0];
            var start = new ProcessStartInfo(redisServer) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"{redisServer} did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await AnswersPingAsync(port, process, cancellationToken))
            {
                return (process, port);
            }

            process.Kill(entireProcessTree: true);
            process.Dispose();
            if (attempt >= StartAttempts)
            {
                throw new InvalidOperationException($"redis-server did not answer PING on 127.0.0.1 after {StartAttempts} attempts.");
            }
        }
    }

    private static async Task<bool> AnswersPingAsync(int port, Process process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }
}
