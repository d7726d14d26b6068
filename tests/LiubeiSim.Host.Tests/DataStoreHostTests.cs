using System.Net.Http.Json;
using System.Text.Json;
using LiubeiSim.Grains.Storage;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Persistence;
using Orleans.Providers;
using Orleans.Storage;

namespace LiubeiSim.Host.Tests;

/// <summary>Where the host keeps grain state: a SQLite file in its data directory on one host, Redis in a cluster.</summary>
[Collection(HostCollection.Name)]
public sealed class DataStoreHostTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("liubeisim-host-shared-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_second_host_on_the_same_data_directory_does_not_start_and_says_which_and_what_to_do()
    {
        await using (var first = await RunningHost.StartAsync($"--Orleans:Data={_data}"))
        {
            var storage = Assert.IsType<SqliteGrainStorage>(first.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
            Assert.Equal(Path.Combine(_data, SqliteGrainStorage.DatabaseFileName), storage.DatabasePath);
            Assert.True(File.Exists(storage.DatabasePath));

            // What `liubeisim serve` prints is the message of the exception the start throws.
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => RunningHost.StartAsync($"--Orleans:Data={_data}"));
            Assert.Contains($"the data directory {_data} is in use by another LiubeiSim process (pid {Environment.ProcessId})", refused.Message, StringComparison.Ordinal);
            Assert.Contains("--data DIR", refused.Message, StringComparison.Ordinal);
        }

        // Stopping the first released the directory.
        await using var next = await RunningHost.StartAsync($"--Orleans:Data={_data}");
        Assert.Equal("Healthy", await next.Http.GetStringAsync("/readyz", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_single_host_restarted_on_its_data_directory_keeps_finished_runs_and_finishes_the_one_in_flight()
    {
        var ct = TestContext.Current.CancellationToken;
        string finished;
        string inFlight;
        string finishedIndicators;
        await using (var first = await RunningHost.StartAsync($"--Orleans:Data={_data}", "--Runs:MaxConcurrent=2"))
        {
            finished = await first.SubmitAsync(new { scenario = "baseline-2023", replications = 100, seed = 5 });
            Assert.Equal("completed", (await first.WaitForOutcomeAsync(finished)).GetProperty("status").GetString());
            finishedIndicators = await first.Http.GetStringAsync($"/api/runs/{finished}/indicators.csv", ct);

            // Long enough to be under way when the host stops: it is stopped, not cancelled.
            inFlight = await first.SubmitAsync(new { scenario = "baseline-2023", replications = 4_000, seed = 6, shards = 4, set = new[] { "horizon.months=36" } });
            var deadline = DateTime.UtcNow + RunningHost.RunTimeout;
            while (true)
            {
                var status = await first.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{inFlight}", ct);
                if (status.GetProperty("status").GetString() == "running" && status.GetProperty("progress").GetDouble() > 0)
                {
                    break;
                }

                Assert.True(status.GetProperty("status").GetString() is "queued" or "running", $"the long run ended before the restart: {status}");
                Assert.True(DateTime.UtcNow < deadline, "the long run never got under way");
                await Task.Delay(50, ct);
            }
        }

        await using var second = await RunningHost.StartAsync($"--Orleans:Data={_data}", "--Runs:MaxConcurrent=2");
        Assert.Equal(finishedIndicators, await second.Http.GetStringAsync($"/api/runs/{finished}/indicators.csv", ct));

        var outcome = await second.WaitForOutcomeAsync(inFlight);
        Assert.Equal("completed", outcome.GetProperty("status").GetString());
        Assert.True(outcome.GetProperty("restarts").GetInt32() >= 1, $"the run was not started again: {outcome}");
        var scenario = ScenarioLibrary.ResolveBuiltIn("baseline-2023", ["horizon.months=36"]).Scenario!.WithReplications(4_000).WithSeed(6);
        var expected = RunReport.IndicatorsCsv(InProcessEngine.Run(scenario, cancellationToken: ct));
        Assert.Equal(expected, await second.Http.GetStringAsync($"/api/runs/{inFlight}/indicators.csv", ct));

        var listed = await second.Http.GetFromJsonAsync<JsonElement>("/api/runs", ct);
        Assert.Equal(2, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public void With_redis_grain_state_is_stored_in_orleans_binary_serialization()
    {
        // Only built, never started: the options are settled without reaching Redis.
        var app = LiubeiSimHost.Build(["--Orleans:Redis=127.0.0.1:1", "--Logging:LogLevel:Default=None"]);
        var options = app.Services.GetRequiredService<IOptionsMonitor<RedisStorageOptions>>().Get(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

        Assert.IsType<OrleansGrainStorageSerializer>(options.GrainStorageSerializer);
        Assert.Equal("127.0.0.1:1", options.ConfigurationOptions!.EndPoints.Single().ToString());
    }

    [Fact]
    public void The_data_setting_is_orleans_data_and_empty_by_default()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--Orleans:Data=/srv/liubeisim"]).Build();

        Assert.Equal("/srv/liubeisim", ClusterSettings.From(configuration).DataDirectory);
        Assert.Equal(string.Empty, ClusterSettings.From(new ConfigurationBuilder().Build()).DataDirectory);
    }
}
