using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Keys;
using LiubeiSim.Host.Hosting;
using LiubeiSim.Host.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests.Identity;

/// <summary>
/// The single-user default: a host on loopback with no keys lets local callers in as the admin <c>local</c> and says so;
/// once a key exists, keys are required; a host that would listen beyond loopback with no keys does not start.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SingleUserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true, "http://127.0.0.1:5180")]
    [InlineData(true, "http://127.0.0.1:0")]
    [InlineData(true, "http://127.1.2.3:80")]
    [InlineData(true, "http://localhost:5180")]
    [InlineData(true, "http://[::1]:5180")]
    [InlineData(true, "http://127.0.0.1:5180;https://localhost:5443")]
    [InlineData(false, "http://0.0.0.0:8080")]
    [InlineData(false, "http://[::]:8080")]
    [InlineData(false, "http://+:8080")]
    [InlineData(false, "http://*:8080")]
    [InlineData(false, "http://192.0.2.1:8080")]
    [InlineData(false, "http://liubeisim.example:8080")]
    [InlineData(false, "http://127.0.0.1:5180;http://10.0.0.5:5180")]
    [InlineData(false, "not a url")]
    [InlineData(false, "")]
    public void Only_loopback_addresses_and_localhost_count_as_loopback_only(bool expected, string urls) =>
        Assert.Equal(expected, ListenScope.IsLoopbackOnly(urls.Split(';', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public void Ports_alone_and_kestrel_endpoints_count_among_the_configured_addresses()
    {
        static IReadOnlyList<string> Urls(params string[] args) =>
            ListenScope.ConfiguredUrls(new ConfigurationBuilder().AddCommandLine(args).Build());

        Assert.Equal([ListenAddressExtensions.DefaultUrl], Urls());
        Assert.False(ListenScope.IsLoopbackOnly(Urls("--http_ports=8080")));
        Assert.False(ListenScope.IsLoopbackOnly(Urls("--Kestrel:Endpoints:Web:Url=http://0.0.0.0:80")));
        Assert.True(ListenScope.IsLoopbackOnly(Urls("--urls=http://127.0.0.1:1")));
    }

    [Fact]
    public async Task A_page_of_another_site_gets_no_keyless_access_even_through_loopback()
    {
        // DNS rebinding: a page whose name was made to resolve to 127.0.0.1 reaches the port from loopback, but its
        // requests carry its own name as Host, and its scripts' as Origin.
        await using var host = await RunningHost.StartAsync();
        async Task<HttpStatusCode> Get(string? hostHeader, string? origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
            if (hostHeader is not null)
            {
                request.Headers.Host = hostHeader;
            }

            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await host.Http.SendAsync(request, Cancel);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get(null, null));
        Assert.Equal(HttpStatusCode.OK, await Get("localhost:5180", "http://localhost:5180"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("evil.example:5180", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(null, "http://evil.example:5180"));
    }

    [Fact]
    public async Task A_loopback_host_with_no_keys_lets_local_callers_in_as_local_until_a_key_exists()
    {
        await using var host = await RunningHost.StartAsync();
        var app = host.Services.GetRequiredService<KeyRequirement>();
        Assert.True(app.OpenAtStart);

        var id = await host.SubmitAsync(new { scenario = "baseline-2023", replications = 50 });
        var status = JsonDocument.Parse(await host.GetOkAsync($"/api/runs/{id}")).RootElement;
        Assert.Equal(ApiKeyNames.Local, status.GetProperty("owner").GetString());

        // A key given to a host with none must still be a real one.
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/runs"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "liubeisim_not-a-key-of-this-cluster-at-all-000000");
            using var refused = await host.Http.SendAsync(wrong, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // A key created elsewhere while the host runs (here straight in the keyring, as `liubeisim keys create --cluster` does) ends the open door.
        var key = ApiKeyText.Generate();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IKeyringGrain>(IKeyringGrain.Key).Add(new NewApiKey { Name = "first", Role = ApiKeyRole.Viewer, Hash = ApiKeyText.Hash(key) });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode anonymous;
        do
        {
            using var response = await host.Http.GetAsync("/api/runs", Cancel);
            anonymous = response.StatusCode;
            if (anonymous != HttpStatusCode.Unauthorized)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), Cancel);
            }
        }
        while (anonymous != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var allowed = await host.Http.SendAsync(withKey, Cancel);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        // Probes never needed a key.
        using var live = await host.Http.GetAsync("/healthz", Cancel);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task A_host_that_would_listen_beyond_loopback_with_no_keys_does_not_start_and_says_how_to_create_one()
    {
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: even if the check let the host through, nothing would listen beyond loopback.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("--urls", "http://192.0.2.1:0"));
        var refusal = IdentityStartException.In(failure);
        Assert.NotNull(refusal);
        Assert.DoesNotContain('\n', refusal.Message);
        Assert.Contains("http://192.0.2.1:0", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("liubeisim keys create --name NAME --role admin --data ", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Identity:AdminKey", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_key_given_in_the_settings_is_recorded_so_the_host_needs_keys_from_the_start()
    {
        var key = ApiKeyText.Generate();
        await using var host = await RunningHost.StartAsync($"--Identity:AdminKey={key}", "--Identity:AdminKeyName=ops");
        Assert.False(host.Services.GetRequiredService<KeyRequirement>().OpenAtStart);

        using var anonymous = await host.Http.GetAsync("/api/runs", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var keys = await host.Http.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        var listed = JsonDocument.Parse(await keys.Content.ReadAsStringAsync(Cancel)).RootElement.EnumerateArray().Single();
        Assert.Equal(("ops", "admin"), (listed.GetProperty("name").GetString(), listed.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task A_configured_admin_key_too_short_to_be_secret_stops_the_start_with_one_line()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("--Identity:AdminKey=short"));
        Assert.StartsWith("Identity:AdminKey: ", IdentityStartException.In(failure)?.Message, StringComparison.Ordinal);
    }

    /// <summary>Builds and starts a host as <see cref="RunningHost"/> does; fails the test if it starts.</summary>
    private static async Task StartAsync(params string[] settings)
    {
        var ports = FreePorts.Take(2);
        var data = Directory.CreateTempSubdirectory("liubeisim-host-data-").FullName;
        try
        {
            await using var app = LiubeiSimHost.Build(
            [
                "--urls", "http://127.0.0.1:0",
                $"--Orleans:SiloPort={ports[0]}",
                $"--Orleans:GatewayPort={ports[1]}",
                $"--Orleans:ClusterId=host-tests-{Guid.NewGuid():N}",
                $"--Orleans:Data={data}",
                "--Logging:LogLevel:Default=None",
                "--Logging:LogLevel:Orleans=None",
                .. settings,
            ]);
            try
            {
                await app.StartAsync(Cancel);
            }
            catch
            {
                await app.StopAsync(CancellationToken.None);
                throw;
            }

            await app.StopAsync(Cancel);
            Assert.Fail("the host started");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
