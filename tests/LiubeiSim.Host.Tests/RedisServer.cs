using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// A throwaway redis-server on a free loopback port (or a given one, to stand in for a server that restarted), in
/// memory only unless given a data directory, and open to anyone on loopback unless given a password; disposing kills it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private bool _disposed;

    private RedisServer(Process process, int port, string? password, bool tls)
    {
        _process = process;
        Port = port;
        Password = password;
        Tls = tls;
    }

    public int Port { get; }

    /// <summary>The password clients must give (requirepass), or null.</summary>
    public string? Password { get; }

    /// <summary>Whether the server speaks TLS only.</summary>
    public bool Tls { get; }

    /// <summary>The StackExchange.Redis connection string, with the password when there is one (and ssl=true over TLS).</summary>
    public string ConnectionString =>
        $"127.0.0.1:{Port}{(Password is null ? string.Empty : $",password={Password}")}{(Tls ? ",ssl=true" : string.Empty)}";

    /// <param name="binary">The redis-server executable (<see cref="DebianTools.RedisServer"/>).</param>
    /// <param name="port">A port to listen on; null: a free one.</param>
    /// <param name="dataDirectory">
    /// Where to keep an append-only file, written through on every command, so a server killed and started again on
    /// the same directory has everything back, as a production Redis with persistence would; null: memory only.
    /// </param>
    /// <param name="password">A password every client must give (requirepass), as a deployment's Redis has; null: none.</param>
    /// <param name="tls">
    /// PEM files of the server's certificate and key: the server then speaks TLS only, on <paramref name="port"/>, and
    /// does not ask clients for certificates (they give the password); null: plain TCP.
    /// </param>
    public static async Task<RedisServer> StartAsync(
        string binary, int? port = null, string? dataDirectory = null, string? password = null, (string CertificateFile, string KeyFile)? tls = null)
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
        string[] authentication = password is null ? [] : ["--requirepass", password];
        var portText = listen.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] listening = tls is { } files
            ? ["--port", "0", "--tls-port", portText, "--tls-cert-file", files.CertificateFile, "--tls-key-file", files.KeyFile, "--tls-auth-clients", "no"]
            : ["--port", portText];
        foreach (var argument in listening.Concat(["--bind", "127.0.0.1", "--save", string.Empty]).Concat(persistence).Concat(authentication))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, listen, password, tls is not null);
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

    /// <summary>Kills the server; a second call does nothing, so a test may kill it early and still dispose it at the end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
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
                // One attempt may not hang on a server that answers part of a reply: the start limit holds.
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, attempt.Token);

                // Only asks whether our own server is up: its certificate is checked by the tests that use it.
                using var secure = Tls ? new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true) : null;
                if (secure is not null)
                {
                    await secure.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" }, attempt.Token);
                }

                Stream stream = secure is null ? client.GetStream() : secure;

                // With a password, PING alone answers NOAUTH: authenticate first, and expect +OK before +PONG.
                var (request, expected) = Password is null ? ("PING\r\n", "+PONG") : ($"AUTH {Password}\r\nPING\r\n", "+OK\r\n+PONG");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(request), attempt.Token);
                var answer = new StringBuilder();
                var buffer = new byte[64];
                while (answer.Length < expected.Length && await stream.ReadAsync(buffer, attempt.Token) is var read and > 0)
                {
                    answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                if (answer.ToString().StartsWith(expected, StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (IOException) when (Tls)
            {
                // Listening, but not yet answering the TLS handshake.
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // This attempt hung (the server is still loading); the next one starts afresh.
            }

            Assert.True(DateTime.UtcNow < deadline, $"redis-server did not answer PING within {StartLimit}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
