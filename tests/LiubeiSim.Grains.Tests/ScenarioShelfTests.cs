using System.Collections.Concurrent;
using System.Text;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Shelf;
using LiubeiSim.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Core.Internal;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// The scenario shelf grain: saves, replaces, lists, gets and deletes one owner's scenarios; refuses bad names and
/// what is over its limits without changing anything; keeps its state through a deactivation and a silo restart; and
/// forgets a change its storage refused. Its silo has small limits and a storage that can be told to fail writes.
/// </summary>
public sealed class ScenarioShelfTests(ScenarioShelfTests.ShelfSilo silo) : IClassFixture<ScenarioShelfTests.ShelfSilo>
{
    private const int MaxScenarios = 3;
    private const int MaxBytes = 100;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Each test its own owner: the silo and its storage are shared by the class.</summary>
    private static IScenarioShelfGrain Shelf(ShelfSilo silo) => silo.Grains.GetGrain<IScenarioShelfGrain>($"owner-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_saved_scenario_is_listed_got_back_as_given_and_deleted()
    {
        var shelf = Shelf(silo);
        var before = DateTimeOffset.UtcNow;
        const string Yaml = "name: a\n# 柳北\n";

        var change = await shelf.Save(new SavedScenario { Name = "柳北 plan-1.v2", Yaml = Yaml, Description = "\n  First line  \nsecond line", BasedOn = "baseline-2023" });

        Assert.Equal(ScenarioShelfOutcome.Saved, change.Outcome);
        Assert.Null(change.Problem);
        var entry = Assert.Single(await shelf.List());
        Assert.Equal(change.Entry, entry);
        Assert.Equal("柳北 plan-1.v2", entry.Name);
        Assert.Equal("First line", entry.Description);
        Assert.Equal("baseline-2023", entry.BasedOn);

        // UTF-8 bytes, not characters: each of the two Chinese characters is three.
        Assert.Equal(Encoding.UTF8.GetByteCount(Yaml), entry.Bytes);
        Assert.Equal(Yaml.Length + 4, entry.Bytes);
        Assert.InRange(entry.SavedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(Yaml, await shelf.Get("柳北 PLAN-1.V2"));

        Assert.True(await shelf.Delete("柳北 plan-1.V2"));
        Assert.Empty(await shelf.List());
        Assert.Null(await shelf.Get("柳北 plan-1.v2"));
        Assert.False(await shelf.Delete("柳北 plan-1.v2"));
    }

    [Fact]
    public async Task Saving_under_a_name_that_differs_only_in_case_replaces_it_and_keeps_the_new_spelling()
    {
        var shelf = Shelf(silo);
        await shelf.Save(new SavedScenario { Name = "Plan A", Yaml = "old", BasedOn = "baseline-2023" });

        var change = await shelf.Save(new SavedScenario { Name = "plan a", Yaml = "new" });

        Assert.Equal(ScenarioShelfOutcome.Replaced, change.Outcome);
        var entry = Assert.Single(await shelf.List());
        Assert.Equal("plan a", entry.Name);
        Assert.Null(entry.BasedOn);
        Assert.Equal(string.Empty, entry.Description);
        Assert.Equal("new", await shelf.Get("PLAN A"));
    }

    [Fact]
    public async Task The_list_is_newest_first()
    {
        var shelf = Shelf(silo);
        foreach (var name in new[] { "b", "a", "c" })
        {
            await shelf.Save(new SavedScenario { Name = name, Yaml = name });
            await Task.Delay(20, Cancel);
        }

        await shelf.Save(new SavedScenario { Name = "b", Yaml = "b again" });

        Assert.Equal(["b", "c", "a"], (await shelf.List()).Select(e => e.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("a/b")]
    [InlineData("a\tb")]
    [InlineData("a:b")]
    [InlineData("..")]
    [InlineData("\ud800x")]
    public async Task A_name_outside_the_rules_is_refused_and_changes_nothing(string name)
    {
        var shelf = Shelf(silo);
        await shelf.Save(new SavedScenario { Name = "kept", Yaml = "kept" });

        var change = await shelf.Save(new SavedScenario { Name = name, Yaml = "x" });

        Assert.Equal(ScenarioShelfOutcome.BadName, change.Outcome);
        Assert.Null(change.Entry);
        Assert.Contains("name", change.Problem, StringComparison.Ordinal);
        Assert.Equal(["kept"], (await shelf.List()).Select(e => e.Name));
    }

    [Fact]
    public async Task Names_may_be_any_letters_and_are_at_most_80_characters()
    {
        var shelf = Shelf(silo);
        Assert.Equal(ScenarioShelfOutcome.Saved, (await shelf.Save(new SavedScenario { Name = new string('x', ScenarioShelfNames.MaxLength), Yaml = "x" })).Outcome);

        // A letter outside the Basic Multilingual Plane (CJK Extension B) is two UTF-16 chars and still a letter.
        Assert.Equal(ScenarioShelfOutcome.Saved, (await shelf.Save(new SavedScenario { Name = "𠀀 方案_2", Yaml = "x" })).Outcome);
        Assert.Equal(ScenarioShelfOutcome.BadName, (await shelf.Save(new SavedScenario { Name = new string('x', ScenarioShelfNames.MaxLength + 1), Yaml = "x" })).Outcome);
        Assert.Equal(ScenarioShelfOutcome.BadName, (await shelf.Save(new SavedScenario { Name = "ok", Yaml = "x", BasedOn = "not/ok" })).Outcome);
        Assert.Equal(2, (await shelf.List()).Count);
    }

    [Fact]
    public async Task Yaml_over_the_byte_limit_is_refused_counting_utf8_bytes_not_characters()
    {
        var shelf = Shelf(silo);
        await shelf.Save(new SavedScenario { Name = "s", Yaml = "small" });

        // 34 characters but 102 bytes: over a limit of 100 only when counted in bytes.
        var chinese = new string('柳', 34);
        var change = await shelf.Save(new SavedScenario { Name = "s", Yaml = chinese });

        Assert.Equal(ScenarioShelfOutcome.TooLarge, change.Outcome);
        Assert.Contains("Shelf:MaxScenarioBytes", change.Problem, StringComparison.Ordinal);
        Assert.Contains("102", change.Problem, StringComparison.Ordinal);
        Assert.Equal("small", await shelf.Get("s"));
        Assert.Equal(ScenarioShelfOutcome.Replaced, (await shelf.Save(new SavedScenario { Name = "s", Yaml = new string('x', MaxBytes) })).Outcome);
    }

    [Fact]
    public async Task A_full_shelf_refuses_a_new_name_but_takes_a_replacement()
    {
        var shelf = Shelf(silo);
        for (var i = 0; i < MaxScenarios; i++)
        {
            Assert.Equal(ScenarioShelfOutcome.Saved, (await shelf.Save(new SavedScenario { Name = $"s{i}", Yaml = "x" })).Outcome);
        }

        var refused = await shelf.Save(new SavedScenario { Name = "one more", Yaml = "x" });

        Assert.Equal(ScenarioShelfOutcome.TooMany, refused.Outcome);
        Assert.Contains("Shelf:MaxScenariosPerOwner", refused.Problem, StringComparison.Ordinal);
        Assert.Null(await shelf.Get("one more"));
        Assert.Equal(MaxScenarios, (await shelf.List()).Count);
        Assert.Equal(ScenarioShelfOutcome.Replaced, (await shelf.Save(new SavedScenario { Name = "S0", Yaml = "y" })).Outcome);

        Assert.True(await shelf.Delete("s1"));
        Assert.Equal(ScenarioShelfOutcome.Saved, (await shelf.Save(new SavedScenario { Name = "one more", Yaml = "x" })).Outcome);
    }

    [Fact]
    public async Task Owners_do_not_see_each_others_scenarios()
    {
        var alice = Shelf(silo);
        var bob = Shelf(silo);
        await alice.Save(new SavedScenario { Name = "mine", Yaml = "alice's" });

        Assert.Empty(await bob.List());
        Assert.Null(await bob.Get("mine"));
        Assert.False(await bob.Delete("mine"));
        Assert.Equal("alice's", await alice.Get("mine"));
    }

    [Fact]
    public async Task The_shelf_is_read_back_from_storage_after_its_grain_is_deactivated()
    {
        var shelf = Shelf(silo);
        await shelf.Save(new SavedScenario { Name = "kept", Yaml = "yaml: kept", Description = "why", BasedOn = "baseline-2023" });
        var saved = Assert.Single(await shelf.List());
        var reads = silo.Storage.Reads;

        await shelf.Cast<IGrainManagementExtension>().DeactivateOnIdle(Cancel);

        // The next call activates the grain anew, which reads its state from storage.
        var entry = await WaitForReadAsync(shelf, reads);
        Assert.Equal(saved, entry);
        Assert.Equal("yaml: kept", await shelf.Get("kept"));
    }

    [Fact]
    public async Task A_save_or_delete_the_storage_refused_is_not_claimed_by_the_grain()
    {
        var shelf = Shelf(silo);
        await shelf.Save(new SavedScenario { Name = "kept", Yaml = "first" });
        var before = await shelf.List();
        var reads = silo.Storage.Reads;

        silo.Storage.FailWrites = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => shelf.Save(new SavedScenario { Name = "new", Yaml = "x" }));
            await Assert.ThrowsAnyAsync<Exception>(() => shelf.Save(new SavedScenario { Name = "kept", Yaml = "second" }));
            await Assert.ThrowsAnyAsync<Exception>(() => shelf.Delete("kept"));
        }
        finally
        {
            silo.Storage.FailWrites = false;
        }

        Assert.Equal(before, await shelf.List());
        Assert.Equal("first", await shelf.Get("kept"));
        Assert.Null(await shelf.Get("new"));

        // Answered from the activation's memory, not from storage read again: that memory is what is checked.
        Assert.Equal(reads, silo.Storage.Reads);

        // And the grain still works once storage does: the refused changes left no trace to trip over.
        Assert.Equal(ScenarioShelfOutcome.Saved, (await shelf.Save(new SavedScenario { Name = "new", Yaml = "x" })).Outcome);
        await shelf.Cast<IGrainManagementExtension>().DeactivateOnIdle(Cancel);
        Assert.Equal(["kept", "new"], (await shelf.List()).Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_shelf_outlives_its_silo_in_the_data_store()
    {
        var directory = Directory.CreateTempSubdirectory("liubeisim-shelf-").FullName;
        try
        {
            await using (var first = await EmbeddedSilo.StartAsync(s => s.AddLiubeiSimDataStore(directory), Cancel))
            {
                await first.Grains.GetGrain<IScenarioShelfGrain>("local").Save(new SavedScenario { Name = "方案", Yaml = "name: x\n", Description = "d" });
            }

            await using var second = await EmbeddedSilo.StartAsync(s => s.AddLiubeiSimDataStore(directory), Cancel);
            var shelf = second.Grains.GetGrain<IScenarioShelfGrain>("local");
            Assert.Equal("name: x\n", await shelf.Get("方案"));
            Assert.Equal("d", Assert.Single(await shelf.List()).Description);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_silo_with_a_shelf_limit_it_cannot_work_with_does_not_start_and_names_the_setting()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => EmbeddedSilo.StartAsync(
            s => s.Services.Configure<ScenarioShelfOptions>(o => o.MaxScenariosPerOwner = 0),
            Cancel));

        Assert.Contains("Shelf:MaxScenariosPerOwner must be at least 1", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The list once the grain has read its state again; the deactivation completes after the call that asked for it.</summary>
    private async Task<SavedScenarioEntry> WaitForReadAsync(IScenarioShelfGrain shelf, int readsBefore)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entry = Assert.Single(await shelf.List());
            if (readsBefore < silo.Storage.Reads || attempt == 100)
            {
                Assert.True(readsBefore < silo.Storage.Reads, "the grain was not activated again");
                return entry;
            }

            await Task.Delay(50, Cancel);
        }
    }

    /// <summary>An embedded silo with small shelf limits and <see cref="Storage"/> as its default grain storage.</summary>
    public sealed class ShelfSilo : IAsyncLifetime
    {
        private EmbeddedSilo? _silo;

        public IGrainFactory Grains => _silo!.Grains;

        public FlakyStorage Storage { get; } = new();

        public async ValueTask InitializeAsync()
        {
            _silo = await EmbeddedSilo.StartAsync(s =>
            {
                s.Services.Configure<ScenarioShelfOptions>(o =>
                {
                    o.MaxScenariosPerOwner = MaxScenarios;
                    o.MaxScenarioBytes = MaxBytes;
                });

                // After the embedded silo's memory storage: the last registration of the default is the one used.
                s.Services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (services, _) =>
                {
                    Storage.Serializer = services.GetRequiredService<Serializer>();
                    return Storage;
                });
            });
        }

        public async ValueTask DisposeAsync()
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Grain storage in memory that keeps serialized copies (so a grain's later changes in memory never reach it) and
    /// fails every write while <see cref="FailWrites"/> is set, as a store that went away would.
    /// </summary>
    public sealed class FlakyStorage : IGrainStorage
    {
        private readonly ConcurrentDictionary<(string, GrainId), byte[]> _rows = new();
        private int _reads;

        public Serializer? Serializer { get; set; }

        public volatile bool FailWrites;

        public int Reads => Volatile.Read(ref _reads);

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Interlocked.Increment(ref _reads);
            if (_rows.TryGetValue((stateName, grainId), out var bytes))
            {
                grainState.State = Serializer!.Deserialize<T>(bytes);
                grainState.RecordExists = true;
                grainState.ETag = "stored";
            }

            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (FailWrites)
            {
                throw new InvalidOperationException("The test's storage refuses writes.");
            }

            _rows[(stateName, grainId)] = Serializer!.SerializeToArray(grainState.State);
            grainState.RecordExists = true;
            grainState.ETag = "stored";
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            _rows.TryRemove((stateName, grainId), out _);
            grainState.RecordExists = false;
            grainState.ETag = null;
            return Task.CompletedTask;
        }
    }
}
