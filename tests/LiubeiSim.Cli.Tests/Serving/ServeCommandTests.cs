using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Tests.Scenarios;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Storage;

namespace LiubeiSim.Cli.Tests.Serving;

public sealed class ServeCommandTests : IDisposable
{
    // Each serve keeps its state here, not in the user's data folder, which a serve running beside the tests may hold.
    private readonly string _data = Directory.CreateTempSubdirectory("liubeisim-serve-data-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Help_names_the_address_option_and_the_loopback_default()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("serve", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--urls", stdout, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5180", stdout, StringComparison.Ordinal);
        Assert.Contains("/api/runs", stdout, StringComparison.Ordinal);
        Assert.Contains("--data <DIR>", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_runs_the_host_on_the_given_address_until_cancelled()
    {
        var ports = FreePorts.Take(3);
        var url = $"http://127.0.0.1:{ports[0]}";
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var serving = CliApplication.RunAsync(
            [
                "serve", "--urls", url, "--data", _data,
                $"--Orleans:SiloPort={ports[1]}", $"--Orleans:GatewayPort={ports[2]}", $"--Orleans:ClusterId=cli-serve-{Guid.NewGuid():N}",
                "--Logging:LogLevel:Default=Warning",
            ],
            CliConsole.ForWriters(stdout, stderr),
            stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            Assert.False(serving.IsCompleted, $"serve ended early: {stderr}");
            try
            {
                using var ready = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "serve did not become ready within a minute");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await stop.CancelAsync();
        var exit = await serving.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(0, exit);
        Assert.Contains($"serving on {url}", stderr.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data, SqliteGrainStorage.DatabaseFileName)), "serve keeps its grain state in the --data directory");
    }

    [Fact]
    public async Task A_data_directory_in_use_is_one_line_that_names_it_and_exit_code_1()
    {
        using var held = DataDirectory.Lock(_data);
        var ports = FreePorts.Take(3);

        var (exit, _, stderr) = await CliRun.RunAsync(
            "serve", "--urls", $"http://127.0.0.1:{ports[0]}", "--data", _data, $"--Orleans:SiloPort={ports[1]}", $"--Orleans:GatewayPort={ports[2]}",
            $"--Orleans:ClusterId=cli-serve-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=None");

        Assert.Equal(1, exit);
        Assert.StartsWith($"liubeisim serve: the host did not start: the data directory {_data} is in use by another LiubeiSim process", stderr, StringComparison.Ordinal);
        Assert.Contains("--data DIR", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_code_1()
    {
        var ports = FreePorts.Take(2);
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var (exit, _, stderr) = await CliRun.RunAsync(
            "serve", "--urls", url, "--data", _data, $"--Orleans:SiloPort={ports[0]}", $"--Orleans:GatewayPort={ports[1]}",
            $"--Orleans:ClusterId=cli-serve-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=None");

        Assert.Equal(1, exit);
        Assert.StartsWith("liubeisim serve: the host did not start:", stderr, StringComparison.Ordinal);
    }
}
