using System.Net;
using System.Text;
using System.Text.Json;
using LiubeiSim.Grains.Keys;
using LiubeiSim.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests.Identity;

/// <summary>What keys allow on a host that has them: ownership of runs and sweeps, revocation, key management, and what is stored.</summary>
[Collection(HostCollection.Name)]
public sealed class KeyAccessTests(KeyedHostFixture fixture) : IClassFixture<KeyedHostFixture>
{
    /// <summary>A bound on waiting for a revocation made elsewhere to reach this host: far beyond its cache's freshness, never a speed claim.</summary>
    private static readonly TimeSpan RevocationBound = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_planner_cannot_cancel_another_planners_run_the_owner_and_an_admin_can_and_a_viewer_cannot_submit()
    {
        // Long enough that it is still there to cancel; every cancel below is checked before the run's state is.
        var id = await SubmitAsync(fixture.Planner, """{"scenario": "baseline-2023", "replications": 50000, "set": ["horizon.months=60"]}""");

        var status = await JsonAsync($"/api/runs/{id}", fixture.Viewer);
        Assert.Equal("alice", status.GetProperty("owner").GetString());
        var listed = await JsonAsync("/api/runs", fixture.Viewer);
        Assert.Contains(listed.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id && r.GetProperty("owner").GetString() == "alice");

        using (var bob = await fixture.SendAsync(HttpMethod.Delete, $"/api/runs/{id}", fixture.OtherPlanner))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
            Assert.Equal("application/problem+json", bob.Content.Headers.ContentType?.MediaType);
            Assert.Contains("'alice'", await bob.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        using (var viewer = await fixture.SendAsync(HttpMethod.Delete, $"/api/runs/{id}", fixture.Viewer))
        {
            Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        }

        Assert.NotEqual("cancelled", (await JsonAsync($"/api/runs/{id}", fixture.Viewer)).GetProperty("status").GetString());

        using (var viewerPost = await fixture.SendAsync(HttpMethod.Post, "/api/runs", fixture.Viewer, """{"scenario": "baseline-2023", "replications": 50}"""))
        {
            Assert.Equal(HttpStatusCode.Forbidden, viewerPost.StatusCode);
            Assert.Contains("planner", await viewerPost.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        using (var alice = await fixture.SendAsync(HttpMethod.Delete, $"/api/runs/{id}", fixture.Planner))
        {
            Assert.Equal(HttpStatusCode.Accepted, alice.StatusCode);
        }

        // An admin may cancel anyone's run: another of alice's, cancelled by root.
        var second = await SubmitAsync(fixture.Planner, """{"scenario": "baseline-2023", "replications": 50000, "set": ["horizon.months=60"]}""");
        using var admin = await fixture.SendAsync(HttpMethod.Delete, $"/api/runs/{second}", fixture.Admin);
        Assert.Equal(HttpStatusCode.Accepted, admin.StatusCode);
    }

    [Fact]
    public async Task A_planner_cannot_cancel_another_planners_sweep_an_admin_can()
    {
        using var submitted = await fixture.SendAsync(HttpMethod.Post, "/api/sweeps", fixture.Planner,
            """{"spec": {"base": "baseline-2023", "replications": 20000, "factors": {"levers.sgmw_demand_growth": [0, 10, 20, 30]}}}""");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("id").GetString()!;

        using (var bob = await fixture.SendAsync(HttpMethod.Delete, $"/api/sweeps/{id}", fixture.OtherPlanner))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
        }

        using var admin = await fixture.SendAsync(HttpMethod.Delete, $"/api/sweeps/{id}", fixture.Admin);
        Assert.True(admin.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"DELETE by an admin answered {(int)admin.StatusCode}");
    }

    [Fact]
    public async Task A_key_revoked_through_the_api_is_refused_at_once_and_one_revoked_elsewhere_within_a_few_seconds()
    {
        var here = await fixture.CreateKeyAsync(fixture.Admin, "revoked-here", "viewer");
        await AssertStatusAsync(here, HttpStatusCode.OK);
        using (var revoke = await fixture.SendAsync(HttpMethod.Delete, "/api/keys/revoked-here", fixture.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            Assert.True(JsonDocument.Parse(await revoke.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("revokedAt").ValueKind == JsonValueKind.String);
        }

        await AssertStatusAsync(here, HttpStatusCode.Unauthorized);

        // Revoked straight in the keyring, as another host or `liubeisim keys revoke` would: this host learns it from its cache's refresh.
        var elsewhere = await fixture.CreateKeyAsync(fixture.Admin, "revoked-elsewhere", "viewer");
        await AssertStatusAsync(elsewhere, HttpStatusCode.OK);
        var change = await fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IKeyringGrain>(IKeyringGrain.Key).Revoke("revoked-elsewhere");
        Assert.Equal(KeyringOutcome.Done, change.Outcome);
        var deadline = DateTime.UtcNow + RevocationBound;
        HttpStatusCode status;
        do
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, "/api/runs", elsewhere);
            status = response.StatusCode;
            if (status != HttpStatusCode.Unauthorized)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), Cancel);
            }
        }
        while (status != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Keys_are_managed_by_admins_names_are_never_reused_and_the_key_is_shown_only_when_created()
    {
        using (var planner = await fixture.SendAsync(HttpMethod.Post, "/api/keys", fixture.Planner, """{"name": "mallory", "role": "admin"}"""))
        {
            Assert.Equal(HttpStatusCode.Forbidden, planner.StatusCode);
        }

        using (var created = await fixture.SendAsync(HttpMethod.Post, "/api/keys", fixture.Admin, """{"name": "carol", "role": "planner"}"""))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/keys/carol", created.Headers.Location?.OriginalString);
            Assert.Contains("no-store", created.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
            var key = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("key").GetString()!;
            Assert.StartsWith(ApiKeyText.Prefix, key, StringComparison.Ordinal);

            var list = await (await fixture.SendAsync(HttpMethod.Get, "/api/keys", fixture.Admin)).Content.ReadAsStringAsync(Cancel);
            Assert.Contains("\"carol\"", list, StringComparison.Ordinal);
            Assert.DoesNotContain(key, list, StringComparison.Ordinal);
            Assert.DoesNotContain(key[ApiKeyText.Prefix.Length..], list, StringComparison.Ordinal);
        }

        using (var again = await fixture.SendAsync(HttpMethod.Post, "/api/keys", fixture.Admin, """{"name": "CAROL", "role": "viewer"}"""))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var bad = await fixture.SendAsync(HttpMethod.Post, "/api/keys", fixture.Admin, """{"name": "../x", "role": "root", "extra": 1}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problems = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
            Assert.Equal(["extra", "name", "role"], problems.Order(StringComparer.Ordinal));
        }

        using var unknown = await fixture.SendAsync(HttpMethod.Delete, "/api/keys/nobody", fixture.Admin);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_store_holds_each_keys_hash_and_never_the_key()
    {
        var key = await fixture.CreateKeyAsync(fixture.Admin, "stored", "viewer");
        var stored = ReadStore(fixture.Host.DataDirectory);

        // The hash is there, so these are the bytes the keyring wrote; the key, whole or without its prefix, is not.
        Assert.True(IndexOf(stored, ApiKeyText.Hash(key)) >= 0, "the key's SHA-256 is not in the data directory's store: the test reads the wrong files");
        Assert.True(IndexOf(stored, Encoding.UTF8.GetBytes(key[ApiKeyText.Prefix.Length..])) < 0, "the key is stored in clear");
        foreach (var other in new[] { fixture.Admin, fixture.Planner, fixture.Viewer })
        {
            Assert.True(IndexOf(stored, Encoding.UTF8.GetBytes(other[ApiKeyText.Prefix.Length..])) < 0, "a key is stored in clear");
        }
    }

    private async Task<string> SubmitAsync(string key, string body)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, "/api/runs", key, body);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/runs answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> JsonAsync(string path, string key)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, path, key);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task AssertStatusAsync(string key, HttpStatusCode expected)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/api/runs", key);
        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>The SQLite database and its write-ahead log, read while the host has them open.</summary>
    private static byte[] ReadStore(string directory)
    {
        var bytes = new List<byte>();
        foreach (var suffix in new[] { string.Empty, "-wal" })
        {
            var path = Path.Combine(directory, SqliteGrainStorage.DatabaseFileName + suffix);
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                file.CopyTo(copy);
                bytes.AddRange(copy.ToArray());
            }
        }

        return [.. bytes];
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
