using LiubeiSim.Grains.Storage;
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
