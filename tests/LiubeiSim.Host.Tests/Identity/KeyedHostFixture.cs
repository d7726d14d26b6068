using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LiubeiSim.Host.Tests.Identity;

/// <summary>
/// A host (with the Orleans Dashboard on, so its routes are walked too) that started with no keys, whose first admin
/// key was created through the API by its local user, and then a key of each role through that admin key: from then on
/// every request needs a key. A subclass may start its host with settings of its own.
/// </summary>
public class KeyedHostFixture : IAsyncLifetime
{
    private RunningHost? _host;
    private HttpClient? _http;

    public RunningHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public string Admin { get; private set; } = string.Empty;

    /// <summary>The planner key named <c>alice</c>.</summary>
    public string Planner { get; private set; } = string.Empty;

    /// <summary>Another planner key, named <c>bob</c>.</summary>
    public string OtherPlanner { get; private set; } = string.Empty;

    public string Viewer { get; private set; } = string.Empty;

    /// <summary>The host's settings.</summary>
    protected virtual string[] Settings => ["--Orleans:Dashboard=true"];

    public async ValueTask InitializeAsync()
    {
        _host = await RunningHost.StartAsync(Settings);

        // Redirects not followed: a client drops the Authorization header on a redirect, so the answer would be the next request's.
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.Address, Timeout = TimeSpan.FromMinutes(1) };
        Admin = await CreateKeyAsync(null, "root", "admin");
        Planner = await CreateKeyAsync(Admin, "alice", "planner");
        OtherPlanner = await CreateKeyAsync(Admin, "bob", "planner");
        Viewer = await CreateKeyAsync(Admin, "val", "viewer");
    }

    /// <summary>POST /api/keys as <paramref name="asKey"/> (null: no key, as the local user of a host with none); fails the test unless 201.</summary>
    public async Task<string> CreateKeyAsync(string? asKey, string name, string role)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/keys", asKey, JsonSerializer.Serialize(new { name, role }));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/keys {name} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>
    /// One request with <paramref name="key"/> as its bearer token (none when null) and a JSON body when given. Returns
    /// once the headers are in: some of the dashboard's routes stream for as long as the client listens.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
