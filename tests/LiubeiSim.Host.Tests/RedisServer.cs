using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// A throwaway redis-server on a free loopback port (or a given one, to stand in for a server that restarted), in
/// memory only unless given a data directory; disposing kills it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <param name="binary">The redis-server executable (<see cref="DebianTools.RedisServer"/>).</param>
    /// <param name="port">A port to listen on; null: a free one.</param>
    /// <param name="dataDirectory">
    /// Where to keep an append-only file, written through on every command, so a server killed and started again on
    /// the same directory has everything back, as a production Redis with persistence would; null: memory only.
    /// </param>
    public static async Task<RedisServer> StartAsync(string binary, int? port = null, string? dataDirectory = null)
    {
        var listen = port ?? FreePorts.Take(1)[0];
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = dataDirectory is null
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "always", "--dir", dataDirectory];
        foreach (var argument in new[] { "--port", listen.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty }.Concat(persistence))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, listen);
        try
        {
            await server.WaitForPongAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Stops the server's process (SIGSTOP): connections stay open and every command hangs, as when Redis is unreachable.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a paused server go on (SIGCONT), its data as it was.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task SignalAsync(string signal)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        start.ArgumentList.Add(signal);
        start.ArgumentList.Add(_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await kill.WaitForExitAsync(wait.Token);
        Assert.True(kill.ExitCode == 0, $"kill {signal} {_process.Id} exited {kill.ExitCode}");
    }

    private async Task WaitForPongAsync()
    {
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            Assert.False(_process.HasExited, "redis-server exited while starting.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, TestContext.Current.CancellationToken);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"redis-server did not answer PING within {StartLimit}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
