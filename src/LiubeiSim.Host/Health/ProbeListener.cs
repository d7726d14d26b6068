using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiubeiSim.Host.Health;

/// <summary>The <c>Probes</c> settings: a listener of its own for liveness and readiness probes.</summary>
public sealed class ProbeSettings
{
    public const string Section = "Probes";

    /// <summary>
    /// Where probes are answered apart from the API, e.g. <c>http://0.0.0.0:8081</c> (any address of the host, as a
    /// kubelet needs) or <c>http://127.0.0.1:0</c> (a free loopback port). Empty: no such listener, and probes go to the
    /// API's own <c>/healthz</c> and <c>/readyz</c>, which wait for the thread pool like every request.
    /// </summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>
    /// Liveness fails once the thread pool has not run a one-second heartbeat for this long: a process wedged for a minute
    /// is restarted, one busy simulating is not (its turns take seconds at most). Zero: liveness never fails.
    /// </summary>
    public TimeSpan StallLimit { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Answers <c>GET /healthz</c> and <c>GET /readyz</c> on a listener of its own, from a thread of its own, without the
/// thread pool. A silo at work fills the pool with grain turns queued ahead of the web server's: measured, the API's
/// <c>/healthz</c> took up to 5.6 s while a 400,000-replication run executed, against a liveness timeout of 1 s. Here a
/// probe waits only for the processor and the collector's pauses.
/// </summary>
/// <remarks>
/// Readiness is the API's <c>/readyz</c> checks, run every second on the pool and answered from the latest result, so a
/// busy pool makes it stale, never slow. Liveness is "Healthy" while the pool has run its heartbeat within
/// <see cref="ProbeSettings.StallLimit"/>. One connection at a time, each given a second: probes are tiny, and a
/// client that dawdles delays the next probe by that second at most.
/// </remarks>
public sealed partial class ProbeListener(ProbeSettings settings, HealthCheckService checks, ILogger<ProbeListener> log) : IHostedService, IDisposable
{
    private static readonly TimeSpan ConnectionLimit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);
    private const int MaxRequestBytes = 8 * 1024;

    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Thread? _thread;
    private Timer? _heartbeat;
    private Task? _refreshing;
    private long _heartbeatTicks = Stopwatch.GetTimestamp();
    private volatile Readiness _readiness = new(false, "Unhealthy\nreadiness: not checked yet");

    /// <summary>The address probes are answered on once started (the port the OS picked for port 0).</summary>
    public IPEndPoint? Bound { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(settings.Url);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(64);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InvalidOperationException($"{ProbeSettings.Section}:Url {settings.Url}: cannot listen there ({e.SocketErrorCode}); give a free port or leave the setting empty.", e);
        }

        _socket = socket;
        Bound = (IPEndPoint)socket.LocalEndPoint!;
        _heartbeat = new Timer(_ => Interlocked.Exchange(ref _heartbeatTicks, Stopwatch.GetTimestamp()), null, TimeSpan.Zero, RefreshEvery);
        _refreshing = RefreshAsync(_stopping.Token);
        _thread = new Thread(Serve) { IsBackground = true, Name = "liubeisim-probes" };
        _thread.Start();
        LogListening(Bound.ToString());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();

        // Closing the socket ends the blocking accept.
        _socket?.Dispose();
        _thread?.Join(TimeSpan.FromSeconds(2));
        if (_refreshing is { } refreshing)
        {
            await refreshing.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _heartbeat?.Dispose();
        _socket?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Reads a <c>Probes:Url</c>: http, an IP address (or <c>localhost</c>, <c>*</c>, <c>+</c> for any), a port.</summary>
    public static IPEndPoint Endpoint(string url)
    {
        var match = UrlPattern().Match(url.Trim());
        if (!match.Success || !int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"{ProbeSettings.Section}:Url '{url}' is not http://ADDRESS:PORT (e.g. http://0.0.0.0:8081, http://127.0.0.1:0).");
        }

        var host = match.Groups["host"].Value.Trim('[', ']');
        var address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" => IPAddress.Any,
            _ => IPAddress.TryParse(host, out var ip) ? ip : null,
        };
        return address is null
            ? throw new ArgumentException($"{ProbeSettings.Section}:Url '{url}': give an IP address (0.0.0.0 for any), not a host name.")
            : new IPEndPoint(address, port);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^http://(?<host>\[[0-9A-Fa-f:.]+\]|[^:/\[\]]+):(?<port>[0-9]{1,5})/?$")]
    private static partial System.Text.RegularExpressions.Regex UrlPattern();

    private void Serve()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = _socket!.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!_stopping.IsCancellationRequested)
                {
                    LogFailed(e.GetType().Name, e.Message);
                }

                continue;
            }

            using (client)
            {
                try
                {
                    Answer(client);
                }
                catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
                {
                    // The prober went away or dawdled past its second; the next one gets a fresh connection.
                    LogFailed(e.GetType().Name, e.Message);
                }
            }
        }
    }

    private void Answer(Socket client)
    {
        client.ReceiveTimeout = (int)ConnectionLimit.TotalMilliseconds;
        client.SendTimeout = (int)ConnectionLimit.TotalMilliseconds;
        var deadline = Stopwatch.GetTimestamp() + (long)(ConnectionLimit.TotalSeconds * Stopwatch.Frequency);
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length && buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0 && Stopwatch.GetTimestamp() < deadline)
        {
            var read = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        var line = Encoding.ASCII.GetString(buffer, 0, Math.Max(0, buffer.AsSpan(0, length).IndexOf("\r\n"u8))).Split(' ');
        var readiness = _readiness;
        var (status, body) = line switch
        {
            ["GET" or "HEAD", "/healthz", _] => Liveness(),
            ["GET" or "HEAD", "/readyz", _] => (readiness.Ready ? 200 : 503, readiness.Text),
            [_, "/healthz" or "/readyz", _] => (405, "Only GET and HEAD."),
            [_, _, _] => (404, "Not found: this listener answers /healthz and /readyz only."),
            _ => (400, "Not an HTTP request."),
        };
        var content = Encoding.UTF8.GetBytes(body);
        var head = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {content.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        client.Send(Encoding.ASCII.GetBytes(head));
        if (line is not ["HEAD", ..])
        {
            client.Send(content);
        }

        client.Shutdown(SocketShutdown.Both);
    }

    private (int Status, string Body) Liveness()
    {
        var stalled = Stopwatch.GetElapsedTime(Interlocked.Read(ref _heartbeatTicks));
        return settings.StallLimit > TimeSpan.Zero && stalled > settings.StallLimit
            ? (503, string.Create(CultureInfo.InvariantCulture, $"Unhealthy\nthread pool: no heartbeat for {stalled.TotalSeconds:0} s ({ProbeSettings.Section}:StallLimit is {settings.StallLimit.TotalSeconds:0} s)"))
            : (200, "Healthy");
    }

    /// <summary>Runs the readiness checks every second on the pool; the probe thread answers from the latest.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        do
        {
            try
            {
                var report = await checks.CheckHealthAsync(HealthExtensions.IsReadinessCheck, cancellationToken);
                _readiness = new Readiness(report.Status == HealthStatus.Healthy, HealthExtensions.ReadinessText(report));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
        while (await NextAsync(timer, cancellationToken));
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };

    private sealed record Readiness(bool Ready, string Text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Probes (/healthz, /readyz) answered on http://{Endpoint}, apart from the API")]
    private partial void LogListening(string endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Probe connection ended early ({Error}: {Detail})")]
    private partial void LogFailed(string error, string detail);
}
