using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Tests.Scenarios;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Cli.Tests.Serving;

/// <summary>
/// serve with the default ports 11111 and 30000 taken, as by another serve: a single silo moves to free ports and says
/// so; a silo of a Redis cluster does not move. These are the only tests that touch the fixed defaults, and only to
/// hold them for a few seconds; the tests of one class run one after another.
/// </summary>
public sealed partial class DefaultPortTests
{
    [Fact]
    public async Task A_single_silo_moves_off_taken_defaults_says_so_and_serves()
    {
        using var defaults = new HeldDefaults();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var err = TextWriter.Synchronized(stderr);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        // A data directory of its own: never the user's, which a real serve may be holding.
        var data = Path.Combine(Path.GetTempPath(), "liubeisim-default-ports-" + Guid.NewGuid().ToString("N"));
        using var removeData = new DirectoryRemover(data);
        var serving = CliApplication.RunAsync(
            ["serve", "--urls", "http://127.0.0.1:0", "--data", data, $"--Orleans:ClusterId=cli-serve-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=None"],
            CliConsole.ForWriters(TextWriter.Synchronized(stdout), err),
            stop.Token);
        try
        {
            var url = await WaitForServingAsync(serving, () => Read(err, stderr));
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            using var ready = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
        var lines = Read(err, stderr).Split(Environment.NewLine);
        var silo = Assert.Single(lines, l => l.StartsWith("liubeisim serve: silo port", StringComparison.Ordinal));
        var gateway = Assert.Single(lines, l => l.StartsWith("liubeisim serve: gateway port", StringComparison.Ordinal));
        Assert.Matches(@"^liubeisim serve: silo port 11111 is in use; using \d+ instead \(give --silo-port N to choose\)$", silo);
        Assert.Matches(@"^liubeisim serve: gateway port 30000 is in use; using \d+ instead \(give --gateway-port N to choose\)$", gateway);
    }

    [Fact]
    public async Task A_silo_of_a_Redis_cluster_never_moves_a_taken_default()
    {
        using var defaults = new HeldDefaults();

        // The port check comes before Orleans looks for Redis, so none is needed; a port nobody listens on keeps a
        // wrong outcome from joining a real cluster.
        var redis = FreePorts.Take(1)[0];
        var (exit, _, stderr) = await CliRun.RunAsync(
            "serve", "--urls", "http://127.0.0.1:0", "--cluster", $"redis://127.0.0.1:{redis}",
            $"--Orleans:ClusterId=cli-serve-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=None");

        Assert.Equal(1, exit);
        Assert.StartsWith("liubeisim serve: silo port 11111 on 127.0.0.1 is already in use", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("instead", stderr, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForServingAsync(Task<int> serving, Func<string> stderr)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            Assert.False(serving.IsCompleted, $"serve ended early: {stderr()}");
            if (ServingOn().Match(stderr()) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"serve did not start within a minute: {stderr()}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    // TextWriter.Synchronized locks the wrapper for every write; reading the text under the same lock sees whole lines.
    private static string Read(TextWriter synchronized, StringWriter text)
    {
        lock (synchronized)
        {
            return text.ToString();
        }
    }

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingOn();

    /// <summary>Holds 11111 and 30000 on loopback; a port something else already holds is taken all the same.</summary>
    private sealed class HeldDefaults : IDisposable
    {
        private readonly List<TcpListener> _held = [];

        public HeldDefaults()
        {
            foreach (var port in new[] { 11111, 30000 })
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    _held.Add(listener);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    // Another process listens there: the default is taken, which is what the test needs.
                    listener.Dispose();
                }
            }
        }

        public void Dispose() => _held.ForEach(l => l.Dispose());
    }

    /// <summary>Deletes a test's directory when the test ends, whatever its outcome.</summary>
    private sealed class DirectoryRemover(string path) : IDisposable
    {
        public void Dispose()
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }
}
