using System.Net;
using System.Text.Json;
using LiubeiSim.Grains.Shelf;
using LiubeiSim.Host.Scenarios;
using LiubeiSim.Host.Tests.Identity;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// <c>/api/scenarios/saved</c> on a real host with keys: a planner saves, reads, replaces and deletes its scenarios;
/// two keys never see each other's; invalid YAML is a 400 naming line and field; the limits answer 413 and 409. The
/// host has small limits (<see cref="ShelfHostFixture"/>), so a full shelf takes a few requests.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ScenarioShelfApiTests(ScenarioShelfApiTests.ShelfHostFixture fixture) : IClassFixture<ScenarioShelfApiTests.ShelfHostFixture>
{
    private const int MaxScenarios = 3;
    private const int MaxBytes = 4096;
    private const string Saved = "/api/scenarios/saved";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Baseline => ScenarioLibrary.TryGetText("baseline-2023", out var yaml) ? yaml : throw new InvalidOperationException("no baseline-2023");

    /// <summary>A name of its own per test: every test of the class shares alice's and bob's shelves.</summary>
    private static string NewName(string stem) => $"{stem} {Guid.NewGuid():N}"[..Math.Min(ScenarioShelfNames.MaxLength, stem.Length + 33)];

    [Fact]
    public async Task A_planner_saves_gets_back_the_same_bytes_lists_replaces_and_deletes_a_scenario()
    {
        var name = NewName("柳北 基线");
        var path = $"{Saved}/{Uri.EscapeDataString(name)}";

        using (var created = await PutAsync(fixture.Planner, name, new { yaml = Baseline, basedOn = "baseline-2023" }))
        {
            var body = await JsonAsync(created, HttpStatusCode.Created);
            Assert.Equal(path, created.Headers.Location?.OriginalString);
            Assert.Equal(name, body.GetProperty("name").GetString());
            Assert.Equal("Does Liubei meet its 2023 targets if nothing changes from 2022?", body.GetProperty("description").GetString());
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(Baseline), body.GetProperty("bytes").GetInt32());
            Assert.Equal("baseline-2023", body.GetProperty("basedOn").GetString());
        }

        // Names compare ignoring case.
        using (var got = await fixture.SendAsync(HttpMethod.Get, $"{Saved}/{Uri.EscapeDataString(name.ToUpperInvariant())}", fixture.Planner))
        {
            Assert.Equal(HttpStatusCode.OK, got.StatusCode);
            Assert.Equal(ScenarioShelfEndpoints.YamlType, got.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Baseline, await got.Content.ReadAsStringAsync(Cancel));
        }

        var listed = await ListAsync(fixture.Planner);
        Assert.Equal(MaxScenarios, listed.GetProperty("maxScenarios").GetInt32());
        Assert.Equal(MaxBytes, listed.GetProperty("maxScenarioBytes").GetInt32());
        Assert.Contains(name, Names(listed));

        // The owner is the key's name: the grain of alice's shelf holds it.
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(Baseline, await grains.GetGrain<IScenarioShelfGrain>("alice").Get(name));

        var changed = Baseline.Replace("months: 12", "months: 24", StringComparison.Ordinal);
        using (var replaced = await PutAsync(fixture.Planner, name, new { yaml = changed }))
        {
            var body = await JsonAsync(replaced, HttpStatusCode.OK);
            Assert.True(body.GetProperty("basedOn").ValueKind == JsonValueKind.Null);
        }

        Assert.Equal(changed, await GetTextAsync(fixture.Planner, path, HttpStatusCode.OK));

        using (var deleted = await fixture.SendAsync(HttpMethod.Delete, path, fixture.Planner))
        {
            Assert.DoesNotContain(name, Names(await JsonAsync(deleted, HttpStatusCode.OK)));
        }

        await GetTextAsync(fixture.Planner, path, HttpStatusCode.NotFound);
        using var again = await fixture.SendAsync(HttpMethod.Delete, path, fixture.Planner);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Two_keys_never_see_each_others_scenarios_even_under_the_same_name()
    {
        var name = NewName("mine");
        var path = $"{Saved}/{Uri.EscapeDataString(name)}";
        (await PutAsync(fixture.Planner, name, new { yaml = Baseline })).Dispose();

        Assert.DoesNotContain(name, Names(await ListAsync(fixture.OtherPlanner)));
        Assert.DoesNotContain(name, Names(await ListAsync(fixture.Viewer)));
        Assert.DoesNotContain(name, Names(await ListAsync(fixture.Admin)));
        await GetTextAsync(fixture.OtherPlanner, path, HttpStatusCode.NotFound);
        await GetTextAsync(fixture.Admin, path, HttpStatusCode.NotFound);
        using (var delete = await fixture.SendAsync(HttpMethod.Delete, path, fixture.OtherPlanner))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        // Bob's scenario of the same name is his own, new to his shelf, and leaves alice's as it was.
        var bobs = Baseline.Replace("seed: 20230101", "seed: 7", StringComparison.Ordinal);
        using (var saved = await PutAsync(fixture.OtherPlanner, name, new { yaml = bobs }))
        {
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        Assert.Equal(Baseline, await GetTextAsync(fixture.Planner, path, HttpStatusCode.OK));
        Assert.Equal(bobs, await GetTextAsync(fixture.OtherPlanner, path, HttpStatusCode.OK));
        (await fixture.SendAsync(HttpMethod.Delete, path, fixture.OtherPlanner)).Dispose();
        (await fixture.SendAsync(HttpMethod.Delete, path, fixture.Planner)).Dispose();
    }

    [Fact]
    public async Task Invalid_yaml_is_a_400_naming_each_problems_line_and_field_and_nothing_is_saved()
    {
        var lines = Baseline.Split('\n').ToList();
        var at = lines.FindIndex(l => l.StartsWith("replications:", StringComparison.Ordinal));
        lines[at] = "replications: 0";
        var name = NewName("broken");

        using var response = await PutAsync(fixture.Planner, name, new { yaml = string.Join('\n', lines) });

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        var replications = Assert.Single(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("path").GetString() == "yaml: replications");
        Assert.Equal(at + 1, replications.GetProperty("line").GetInt32());
        Assert.Equal("replications: ".Length + 1, replications.GetProperty("column").GetInt32());
        Assert.Contains("1000000", replications.GetProperty("allowed").GetString(), StringComparison.Ordinal);
        await GetTextAsync(fixture.Planner, $"{Saved}/{Uri.EscapeDataString(name)}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_name_and_bad_yaml_are_listed_together_and_body_mistakes_each_named()
    {
        using (var both = await PutAsync(fixture.Planner, " padded", new { yaml = "name: x\nbase: 2022\nhorizon: {start: 2023-01, months: 12}\nlevers: {no_such_lever: 1}\n" }))
        {
            var paths = (await JsonAsync(both, HttpStatusCode.BadRequest)).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
            Assert.Contains("name", paths);
            Assert.Contains("yaml: levers.no_such_lever", paths);
        }

        using (var wrongBody = await PutAsync(fixture.Planner, NewName("x"), new { yaml = 5, basedOn = "a/b", scenario = "baseline-2023" }))
        {
            var problems = (await JsonAsync(wrongBody, HttpStatusCode.BadRequest)).GetProperty("problems").EnumerateArray().ToDictionary(p => p.GetProperty("path").GetString()!, p => p.GetProperty("message").GetString());
            Assert.Equal("a JSON number", problems["yaml"]);
            Assert.Contains("unknown field", problems["scenario"], StringComparison.Ordinal);
        }

        using (var noYaml = await PutAsync(fixture.Planner, NewName("x"), new { basedOn = "a/b" }))
        {
            var problems = (await JsonAsync(noYaml, HttpStatusCode.BadRequest)).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
            Assert.Equal(["yaml"], problems);
        }

        using var notJson = await fixture.SendAsync(HttpMethod.Put, $"{Saved}/x", fixture.Planner);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }

    [Fact]
    public async Task Yaml_over_the_byte_limit_is_413_and_a_new_name_on_a_full_shelf_is_409()
    {
        // Valid but for its size: a comment pads it past the limit.
        var large = Baseline + "# " + new string('x', MaxBytes) + "\n";
        using (var tooLarge = await PutAsync(fixture.OtherPlanner, NewName("large"), new { yaml = large }))
        {
            var problem = await JsonAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains("Shelf:MaxScenarioBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // The admin's shelf is used by no other test, so it is full after exactly MaxScenarios saves.
        var names = Enumerable.Range(0, MaxScenarios).Select(i => $"full {i}").ToList();
        foreach (var name in names)
        {
            using var saved = await PutAsync(fixture.Admin, name, new { yaml = Baseline });
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        using (var full = await PutAsync(fixture.Admin, "one more", new { yaml = Baseline }))
        {
            var problem = await JsonAsync(full, HttpStatusCode.Conflict);
            Assert.Contains("Shelf:MaxScenariosPerOwner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var replaced = await PutAsync(fixture.Admin, "FULL 0", new { yaml = Baseline }))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        Assert.Equal(["FULL 0", "full 1", "full 2"], Names(await ListAsync(fixture.Admin)).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            (await fixture.SendAsync(HttpMethod.Delete, $"{Saved}/{Uri.EscapeDataString(name)}", fixture.Admin)).Dispose();
        }
    }

    [Fact]
    public async Task A_viewer_reads_its_shelf_but_may_not_save_or_delete()
    {
        Assert.Equal(JsonValueKind.Array, (await ListAsync(fixture.Viewer)).GetProperty("scenarios").ValueKind);
        using var save = await PutAsync(fixture.Viewer, "mine", new { yaml = Baseline });
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        using var delete = await fixture.SendAsync(HttpMethod.Delete, $"{Saved}/mine", fixture.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    private Task<HttpResponseMessage> PutAsync(string key, string name, object body) =>
        fixture.SendAsync(HttpMethod.Put, $"{Saved}/{Uri.EscapeDataString(name)}", key, JsonSerializer.Serialize(body));

    private async Task<JsonElement> ListAsync(string key)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, Saved, key);
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    private async Task<string> GetTextAsync(string key, string path, HttpStatusCode expected)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, path, key);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"GET {path} answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        return text;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<string> Names(JsonElement list) =>
        [.. list.GetProperty("scenarios").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    /// <summary>A keyed host whose shelves are small: <see cref="MaxScenarios"/> scenarios of <see cref="MaxBytes"/> bytes.</summary>
    public sealed class ShelfHostFixture : KeyedHostFixture
    {
        protected override string[] Settings =>
        [
            $"--Shelf:MaxScenariosPerOwner={MaxScenarios}",
            $"--Shelf:MaxScenarioBytes={MaxBytes}",
        ];
    }
}
