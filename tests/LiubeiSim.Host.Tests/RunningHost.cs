using System.Net.Http.Json;
using System.Text.Json;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// The real host (the one <c>liubeisim serve</c> runs) on Kestrel at 127.0.0.1 with a port the OS picks, its silo on
/// free loopback ports under a cluster id of its own and its grain state in a fresh temporary data directory, so hosts
/// of parallel tests never meet and none writes into the user's data folder. Also compiled into
/// tests/LiubeiSim.Workbench.Tests: it must need nothing but the host, the grains and xunit.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    /// <summary>Generous: a run of a few hundred replications takes well under a second, but CI machines can be slow and busy.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private RunningHost(WebApplication app, Uri address, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Where the host keeps its grain state (the SQLite file), for tests that read what it stored.</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Starts a host; settings given later override earlier ones, so a test may name its own <c>--Orleans:Data</c>.</summary>
    public static Task<RunningHost> StartAsync(params string[] settings) => StartAsync(configure: null, map: null, settings);

    /// <summary>
    /// Starts a host with services of the test's added before it is built (<paramref name="configure"/>) and routes of the
    /// test's mapped after the host's own (<paramref name="map"/>).
    /// </summary>
    public static async Task<RunningHost> StartAsync(Action<WebApplicationBuilder>? configure, Action<WebApplication>? map, params string[] settings)
    {
        var ports = FreePorts.Take(2);
        var data = Directory.CreateTempSubdirectory("liubeisim-host-data-").FullName;
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Orleans:SiloPort={ports[0]}",
            $"--Orleans:GatewayPort={ports[1]}",
            $"--Orleans:ClusterId=host-tests-{Guid.NewGuid():N}",
            $"--Orleans:Data={data}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var app = LiubeiSimHost.Build(args, configure);
        map?.Invoke(app);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(data, recursive: true);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningHost(app, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), data);
    }

    /// <summary>Submits a run and returns its id; fails the test unless the host answers 202.</summary>
    public async Task<string> SubmitAsync(object request)
    {
        using var response = await Http.PostAsJsonAsync("/api/runs", request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"POST /api/runs answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the run until it is completed, failed or cancelled, within <see cref="RunTimeout"/>.</summary>
    public async Task<JsonElement> WaitForOutcomeAsync(string id)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var status = await Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", TestContext.Current.CancellationToken);
            if (status.GetProperty("status").GetString() is "completed" or "failed" or "cancelled")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {id} did not finish within {RunTimeout}: {status}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Polls the run until it is running with some progress, so a test can act on a run in flight.</summary>
    public async Task<JsonElement> WaitForProgressAsync(string id)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var status = await Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", TestContext.Current.CancellationToken);
            if (status.GetProperty("status").GetString() == "running" && status.GetProperty("progress").GetDouble() > 0)
            {
                return status;
            }

            Assert.True(status.GetProperty("status").GetString() is "queued" or "running", $"Run {id} ended before it was seen in flight: {status}");
            Assert.True(DateTime.UtcNow < deadline, $"Run {id} made no progress within {RunTimeout}: {status}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>GETs a path that must answer 200 and returns its body.</summary>
    public async Task<string> GetOkAsync(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    public async Task<string> MetricsAsync() => await Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        finally
        {
            await _app.DisposeAsync();

            // After the silo has stopped: it closes the database and releases the directory.
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
