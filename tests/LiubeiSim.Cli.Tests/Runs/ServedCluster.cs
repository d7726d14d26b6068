using LiubeiSim.Cli.Hosting;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Cli.Tests.Runs;

/// <summary>
/// A real <c>liubeisim serve</c>, in this process, on free loopback ports, under a cluster id of its own and with a
/// temporary data directory: the cluster the client commands of the tests connect to through its gateway.
/// </summary>
public sealed class ServedCluster : IAsyncLifetime
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _stderr = new();
    private readonly string _data = Directory.CreateTempSubdirectory("liubeisim-cluster-data-").FullName;
    private Task<int>? _serving;

    public string ClusterId { get; } = $"cli-cluster-{Guid.NewGuid():N}";

    public int GatewayPort { get; private set; }

    public string Gateway => $"gateway://127.0.0.1:{GatewayPort}";

    /// <summary>The HTTP API's address.</summary>
    public Uri Http { get; private set; } = new("http://127.0.0.1/");

    /// <summary>What serve has written on stderr so far.</summary>
    public string Stderr => _stderr.ToString();

    /// <summary>The options every client command of the tests adds: this cluster's gateway and id.</summary>
    public string[] Options => ["--cluster", Gateway, "--cluster-id", ClusterId];

    public async ValueTask InitializeAsync()
    {
        var ports = FreePorts.Take(3);
        GatewayPort = ports[2];
        var url = $"http://127.0.0.1:{ports[0]}";
        Http = new Uri(url);
        _serving = CliApplication.RunAsync(
            [
                "serve", "--urls", url, "--data", _data, "--silo-port", $"{ports[1]}", "--gateway-port", $"{ports[2]}",
                $"--Orleans:ClusterId={ClusterId}", "--Logging:LogLevel:Default=None",
            ],
            CliConsole.ForWriters(TextWriter.Null, _stderr),
            _stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + ReadyLimit;
        while (true)
        {
            Assert.False(_serving.IsCompleted, $"serve ended early: {_stderr}");
            try
            {
                using var ready = await http.GetAsync("/readyz");
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"serve did not become ready within {ReadyLimit}: {_stderr}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_serving is not null)
        {
            await _serving.WaitAsync(TimeSpan.FromMinutes(1));
        }

        _stop.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
