using System.Diagnostics;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Storage;
using LiubeiSim.Model.Scenarios;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// The SQLite grain storage of a single-host silo and the lock on its data directory. Silos here are the CLI's embedded
/// silo with the data store added: its registration of the default storage comes last, so it replaces the memory one.
/// </summary>
public sealed class DataStoreTests : IDisposable
{
    private static readonly IServiceProvider Serialization = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly string _directory = Directory.CreateTempSubdirectory("liubeisim-data-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_grains_state_outlives_its_silo_and_is_read_by_the_next_silo_on_the_directory()
    {
        var scenario = ScenarioLibrary.Resolve("sgmw-125-boost", ["assumptions.model.ramp_months=4"]).Scenario!;
        await using (var first = await EmbeddedSilo.StartAsync(silo => silo.AddLiubeiSimDataStore(_directory), TestContext.Current.CancellationToken))
        {
            await first.Grains.GetGrain<IStoredScenarioGrain>("a").Save(scenario);
        }

        await using var second = await EmbeddedSilo.StartAsync(silo => silo.AddLiubeiSimDataStore(_directory), TestContext.Current.CancellationToken);
        var (copy, writes) = await second.Grains.GetGrain<IStoredScenarioGrain>("a").Load();

        Assert.Equal(1, writes);
        Assert.NotNull(copy);
        Assert.Equal(scenario.Name, copy.Name);
        Assert.Equal(scenario.Seed, copy.Seed);
        Assert.Equal(scenario.Levers.ToArray(), copy.Levers.ToArray());
        Assert.Equal(scenario.Shocks, copy.Shocks);
        Assert.Equal(scenario.Targets, copy.Targets);
        Assert.Equal(scenario.Assumptions.ToArray(), copy.Assumptions.ToArray());
        Assert.Equal((null, 0), await second.Grains.GetGrain<IStoredScenarioGrain>("never-written").Load());
    }

    [Fact]
    public async Task The_stored_bytes_are_orleans_binary_serialization_not_json()
    {
        await using (var silo = await EmbeddedSilo.StartAsync(s => s.AddLiubeiSimDataStore(_directory), TestContext.Current.CancellationToken))
        {
            await silo.Grains.GetGrain<IStoredScenarioGrain>("b").Save(ScenarioLibrary.Load("baseline-2023"));
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, SqliteGrainStorage.DatabaseFileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id, payload FROM grain_state WHERE state_name = 'scenario';";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Contains("/b", reader.GetString(0), StringComparison.Ordinal);
        var stored = Serialization.GetRequiredService<Serializer>().Deserialize<StoredScenario>(reader.GetFieldValue<byte[]>(1));
        Assert.Equal("baseline-2023", stored!.Scenario!.Name);
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task A_write_with_an_etag_other_than_the_stored_one_fails()
    {
        using var storage = Open();
        var id = GrainId.Create("test", "etag");
        var first = await ReadAsync<Payload>(storage, id);
        var second = await ReadAsync<Payload>(storage, id);

        first.State = new Payload { Text = "first" };
        await storage.WriteStateAsync("s", id, first);

        // second still believes there is no row.
        second.State = new Payload { Text = "second" };
        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", id, second));
        Assert.Equal(first.ETag, exception.StoredEtag);
        Assert.Null(second.ETag);

        // A stale ETag after a later write fails the same way.
        var stale = first.ETag;
        first.State = new Payload { Text = "first again" };
        await storage.WriteStateAsync("s", id, first);
        Assert.NotEqual(stale, first.ETag);
        second.ETag = stale;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", id, second));

        Assert.Equal("first again", (await ReadAsync<Payload>(storage, id)).State!.Text);
    }

    [Fact]
    public async Task A_clear_with_an_etag_other_than_the_stored_one_fails_and_leaves_the_row()
    {
        using var storage = Open();
        var id = GrainId.Create("test", "clear");
        var written = await ReadAsync<Payload>(storage, id);
        written.State = new Payload { Text = "kept" };
        await storage.WriteStateAsync("s", id, written);

        var stale = new GrainState<Payload>(new Payload(), "not-the-etag");
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("s", id, stale));
        var unaware = new GrainState<Payload>(new Payload(), null);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("s", id, unaware));

        var read = await ReadAsync<Payload>(storage, id);
        Assert.True(read.RecordExists);
        Assert.Equal("kept", read.State!.Text);
    }

    [Fact]
    public async Task Clear_then_read_finds_no_record_and_a_new_state()
    {
        using var storage = Open();
        var id = GrainId.Create("test", "cleared");
        var state = await ReadAsync<Payload>(storage, id);
        state.State = new Payload { Text = "gone soon" };
        await storage.WriteStateAsync("s", id, state);

        await storage.ClearStateAsync("s", id, state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);

        var read = await ReadAsync<Payload>(storage, id);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(string.Empty, read.State!.Text);

        // A grain that saw the clear may write again as the first writer.
        read.State = new Payload { Text = "again" };
        await storage.WriteStateAsync("s", id, read);
        Assert.Equal("again", (await ReadAsync<Payload>(storage, id)).State!.Text);
    }

    [Fact]
    public async Task State_names_and_grains_are_kept_apart()
    {
        using var storage = Open();
        var a = GrainId.Create("test", "a");
        var b = GrainId.Create("test", "b");
        foreach (var (name, id, text) in new[] { ("s", a, "s/a"), ("t", a, "t/a"), ("s", b, "s/b") })
        {
            var state = await ReadAsync<Payload>(storage, id, name);
            state.State = new Payload { Text = text };
            await storage.WriteStateAsync(name, id, state);
        }

        Assert.Equal("s/a", (await ReadAsync<Payload>(storage, a, "s")).State!.Text);
        Assert.Equal("t/a", (await ReadAsync<Payload>(storage, a, "t")).State!.Text);
        Assert.Equal("s/b", (await ReadAsync<Payload>(storage, b, "s")).State!.Text);
        Assert.False((await ReadAsync<Payload>(storage, b, "t")).RecordExists);
    }

    [Fact]
    public async Task A_five_megabyte_state_survives_a_new_storage_on_the_directory()
    {
        var bytes = new byte[5 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        var id = GrainId.Create("test", "large");
        string? etag;
        using (var storage = Open())
        {
            var state = await ReadAsync<Payload>(storage, id);
            state.State = new Payload { Text = "large", Bytes = bytes };
            await storage.WriteStateAsync("s", id, state);
            etag = state.ETag;
        }

        using var reopened = Open();
        var read = await ReadAsync<Payload>(reopened, id);
        Assert.True(read.RecordExists);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(bytes, read.State!.Bytes);
    }

    [Fact]
    public async Task Two_grains_written_at_once_each_keep_their_own_last_state()
    {
        using var storage = Open();
        const int Writes = 25;

        async Task WriteMany(GrainId id)
        {
            var state = await ReadAsync<Payload>(storage, id);
            for (var i = 1; i <= Writes; i++)
            {
                state.State = new Payload { Text = $"{id} {i}", Bytes = new byte[1000 * i] };
                await storage.WriteStateAsync("s", id, state);
            }
        }

        var left = GrainId.Create("test", "left");
        var right = GrainId.Create("test", "right");
        await Task.WhenAll(Task.Run(() => WriteMany(left), TestContext.Current.CancellationToken), Task.Run(() => WriteMany(right), TestContext.Current.CancellationToken));

        Assert.Equal($"{left} {Writes}", (await ReadAsync<Payload>(storage, left)).State!.Text);
        Assert.Equal($"{right} {Writes}", (await ReadAsync<Payload>(storage, right)).State!.Text);
    }

    [Fact]
    public async Task A_closed_storage_refuses_to_work_rather_than_lose_a_write()
    {
        var storage = Open();
        storage.Dispose();

        await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteStateAsync("s", GrainId.Create("test", "late"), new GrainState<Payload>(new Payload())));
    }

    [Fact]
    public void A_second_lock_on_the_directory_fails_naming_it_and_the_remedy_until_the_first_is_released()
    {
        var first = DataDirectory.Lock(_directory);

        var refused = Assert.Throws<DataDirectoryException>(() => DataDirectory.Lock(_directory));
        Assert.Contains($"the data directory {_directory} is in use by another LiubeiSim process (pid {Environment.ProcessId})", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--data DIR", refused.Message, StringComparison.Ordinal);

        first.Dispose();
        using var second = DataDirectory.Lock(_directory);
        Assert.Equal(_directory, second.Path);
    }

    [Fact]
    public void An_open_storage_holds_the_directory_against_a_second_storage()
    {
        using var first = Open();

        using var second = Create();
        var refused = Assert.Throws<DataDirectoryException>(second.Open);
        Assert.Contains(_directory, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_file_left_behind_blocks_nobody()
    {
        File.WriteAllText(Path.Combine(_directory, DataDirectory.LockFileName), "");
        File.WriteAllText(Path.Combine(_directory, DataDirectory.PidFileName), "999999");

        using var held = DataDirectory.Lock(_directory);

        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(_directory, DataDirectory.PidFileName)));
    }

    [Fact]
    public async Task The_lock_of_another_process_holds_while_it_lives_and_goes_with_it()
    {
        // flock(1) takes the same kind of lock .NET takes for FileShare.None on Unix: flock(2), exclusive.
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/usr/bin/flock"), "needs Linux and flock(1)");
        var lockFile = Path.Combine(_directory, DataDirectory.LockFileName);
        using var holder = Process.Start(new ProcessStartInfo("/usr/bin/flock", ["--exclusive", lockFile, "sleep", "600"]) { UseShellExecute = false })!;
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            DataDirectoryException? refused = null;
            while (refused is null && DateTime.UtcNow < deadline)
            {
                try
                {
                    // Until flock has the lock, this may win it: give it back and try again.
                    DataDirectory.Lock(_directory).Dispose();
                    await Task.Delay(50, TestContext.Current.CancellationToken);
                }
                catch (DataDirectoryException e)
                {
                    refused = e;
                }
            }

            Assert.NotNull(refused);
            Assert.Contains("in use by another LiubeiSim process", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        // flock's child (sleep) holds the lock too and dies a moment after flock: the lock goes when the last holder does.
        DataDirectory? after = null;
        var released = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (after is null)
        {
            try
            {
                after = DataDirectory.Lock(_directory);
            }
            catch (DataDirectoryException) when (DateTime.UtcNow < released)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        using (after)
        {
            Assert.True(File.Exists(lockFile));
        }
    }

    [Fact]
    public void A_directory_that_cannot_be_created_is_named_with_the_remedy()
    {
        var file = Path.Combine(_directory, "a-file");
        File.WriteAllText(file, "");
        var beneath = Path.Combine(file, "data");

        var refused = Assert.Throws<DataDirectoryException>(() => DataDirectory.Lock(beneath));

        Assert.Contains($"the data directory {beneath} cannot be created", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--data DIR", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_setting_means_the_users_local_data_folder_and_a_setting_its_full_path()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        Assert.Equal(Path.Combine(local, "liubeisim"), DataDirectory.Resolve(""));
        Assert.Equal(DataDirectory.Resolve(null), DataDirectory.DefaultPath());
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("XDG_DATA_HOME") is null or "")
        {
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "liubeisim"), DataDirectory.DefaultPath());
        }

        Assert.Equal(Path.GetFullPath("relative/data"), DataDirectory.Resolve("relative/data"));
    }

    private SqliteGrainStorage Create() => new(
        "test",
        _directory,
        new OrleansGrainStorageSerializer(Serialization.GetRequiredService<Serializer>()),
        Serialization.GetRequiredService<IActivatorProvider>(),
        NullLogger<SqliteGrainStorage>.Instance);

    private SqliteGrainStorage Open()
    {
        var storage = Create();
        storage.Open();
        return storage;
    }

    private static async Task<GrainState<T>> ReadAsync<T>(IGrainStorage storage, GrainId id, string name = "s")
    {
        var state = new GrainState<T>();
        await storage.ReadStateAsync(name, id, state);
        return state;
    }
}

[GenerateSerializer]
public sealed class Payload
{
    [Id(0)]
    public string Text { get; set; } = string.Empty;

    [Id(1)]
    public byte[] Bytes { get; set; } = [];
}

[GenerateSerializer]
public sealed class StoredScenario
{
    [Id(0)]
    public Scenario? Scenario { get; set; }

    [Id(1)]
    public int Writes { get; set; }
}

public interface IStoredScenarioGrain : IGrainWithStringKey
{
    Task Save(Scenario scenario);

    Task<(Scenario? Scenario, int Writes)> Load();
}

public sealed class StoredScenarioGrain([PersistentState("scenario")] IPersistentState<StoredScenario> state) : Grain, IStoredScenarioGrain
{
    public async Task Save(Scenario scenario)
    {
        state.State.Scenario = scenario;
        state.State.Writes++;
        await state.WriteStateAsync();
    }

    public Task<(Scenario? Scenario, int Writes)> Load() => Task.FromResult((state.State.Scenario, state.State.Writes));
}
