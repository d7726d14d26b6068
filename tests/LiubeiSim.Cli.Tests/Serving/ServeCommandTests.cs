using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Tests.Scenarios;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Storage;
using LiubeiSim.Cli.Serving;

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
    public async Task Help_names_the_ports_and_the_cluster_with_a_three_silo_example()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("serve", "--help");
        Assert.Equal(0, exit);
        foreach (var text in new[]
        {
            "--silo-port", "--gateway-port", "--cluster", "redis://HOST:PORT", "redis://:PASSWORD@HOST:PORT", "11111", "30000",
            "liubeisim serve --cluster redis://127.0.0.1:6379 --urls http://127.0.0.1:5101 --silo-port 11101 --gateway-port 30101",
            "liubeisim serve --cluster redis://127.0.0.1:6379 --urls http://127.0.0.1:5103 --silo-port 11103 --gateway-port 30103",
        })
        {
            Assert.Contains(text, stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--silo-port", "silo")]
    [InlineData("--gateway-port", "gateway")]
    public async Task A_taken_silo_or_gateway_port_is_one_line_naming_it_and_its_option_and_exit_code_1(string option, string kind)
    {
        // Held on a port the OS picked; the other of the two ports is free.
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var free = FreePorts.Take(1)[0];
        var other = option == "--silo-port" ? "--gateway-port" : "--silo-port";

        var (exit, stdout, stderr) = await CliRun.RunAsync(
            "serve", "--urls", "http://127.0.0.1:0", option, $"{port}", other, $"{free}",
            $"--Orleans:ClusterId=cli-serve-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=None");

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Equal(
            $"liubeisim serve: {kind} port {port} on 127.0.0.1 is already in use (another liubeisim serve?); choose another with {option} N (Orleans:{(kind == "silo" ? "SiloPort" : "GatewayPort")}){Environment.NewLine}",
            stderr);
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
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Open_starts_the_browser_named_by_BROWSER_on_the_workbench_address()
    {
        var ports = FreePorts.Take(3);
        var url = $"http://127.0.0.1:{ports[0]}";
        var opened = Path.Combine(_data, "opened.txt");
        var browser = Path.Combine(_data, "browser.sh");
        await File.WriteAllTextAsync(browser, $"#!/bin/sh\nprintf '%s' \"$1\" > '{opened}'\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Environment.SetEnvironmentVariable(BrowserLauncher.Variable, browser);
        try
        {
            var serving = CliApplication.RunAsync(
                [
                    "serve", "--open", "--urls", url, "--data", Path.Combine(_data, "state"),
                    $"--Orleans:SiloPort={ports[1]}", $"--Orleans:GatewayPort={ports[2]}", $"--Orleans:ClusterId=cli-serve-{Guid.NewGuid():N}",
                    "--Logging:LogLevel:Default=Warning",
                ],
                CliConsole.ForWriters(stdout, stderr),
                stop.Token);

            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!File.Exists(opened) || new FileInfo(opened).Length == 0)
            {
                Assert.False(serving.IsCompleted, $"serve ended early: {stderr}");
                Assert.True(DateTime.UtcNow < deadline, $"no browser was started within 2 minutes: {stderr}");
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }

            Assert.Equal($"{url}/", await File.ReadAllTextAsync(opened, TestContext.Current.CancellationToken));
            await stop.CancelAsync();
            Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
            Assert.Contains($"The workbench: {url}/", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(BrowserLauncher.Variable, null);
        }
    }

    [Fact]
    public async Task Help_teaches_the_workbench_and_open()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("serve", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--open", stdout, StringComparison.Ordinal);
        Assert.Contains("workbench at /", stdout, StringComparison.Ordinal);
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
        Assert.StartsWith($"liubeisim serve: the data directory {_data} is in use by another LiubeiSim process", stderr, StringComparison.Ordinal);
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
        Assert.Equal($"liubeisim serve: the HTTP address {url} is already in use (another liubeisim serve?); choose another with --urls http://127.0.0.1:PORT", stderr.TrimEnd());
    }
}
