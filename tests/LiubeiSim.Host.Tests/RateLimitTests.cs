using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using LiubeiSim.Host.Hosting;
using LiubeiSim.Host.Limits;
using Microsoft.AspNetCore.Http;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// Rate limits on a host configured with tiny ones. Each test sends from a loopback address of its own (127.0.0.x), so
/// each has fresh buckets whatever ran before it: a client is its address until API keys identify it.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    private const int RequestBurst = 6;
    private const int WriteBurst = 2;

    /// <summary>Bound on requests sent to meet a limit: a burst and a few seconds of refills, far over it.</summary>
    private const int Attempts = 40;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_over_its_limit_gets_a_429_problem_with_retry_after_and_the_probes_stay_open()
    {
        using var http = From(11);
        var refused = await FirstRefusalAsync(() => http.GetAsync("/api/scenarios", Cancel));

        var text = await refused.Content.ReadAsStringAsync(Cancel);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("address 127.0.0.11", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(refused.Headers.GetValues(CorrelationId.Header).Single(), problem.GetProperty("correlationId").GetString());
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        refused.Dispose();

        // Probes are never limited: an orchestrator's must not fail because a client is noisy from the same address.
        for (var i = 0; i < RequestBurst * 3; i++)
        {
            using var live = await http.GetAsync("/healthz", Cancel);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            using var ready = await http.GetAsync("/readyz", Cancel);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }

    [Fact]
    public async Task Writes_have_a_bucket_of_their_own_and_reads_go_on_when_it_is_empty()
    {
        using var http = From(12);
        var refused = await FirstRefusalAsync(() => http.PostAsync("/api/scenarios/validate", Json("""{"scenario": "baseline-2023"}"""), Cancel));
        Assert.True(refused.Headers.Contains("Retry-After"));
        refused.Dispose();

        using var read = await http.GetAsync("/api/scenarios", Cancel);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task One_address_over_its_limit_does_not_limit_another()
    {
        using var noisy = From(13);
        (await FirstRefusalAsync(() => noisy.GetAsync("/api/scenarios", Cancel))).Dispose();

        using var quiet = From(14);
        using var answer = await quiet.GetAsync("/api/scenarios", Cancel);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Without_listed_origins_no_cross_origin_headers_are_sent()
    {
        using var http = From(15);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/runs");
        preflight.Headers.Add("Origin", "https://elsewhere.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answer = await http.SendAsync(preflight, Cancel);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));

        // A page of another site gets neither CORS headers nor, from a host without keys, the keyless local access.
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        read.Headers.Add("Origin", "https://elsewhere.example.org");
        using var data = await http.SendAsync(read, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode);
        Assert.False(data.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("127.0.0.1", "address 127.0.0.1")]
    [InlineData("::ffff:10.1.2.3", "address 10.1.2.3")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "address 2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "address 2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "address 2001:db8:1:3::/64")]
    public void An_anonymous_client_is_its_address_and_an_ipv6_one_its_64(string address, string client)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        Assert.Equal(client, RequestLimitsExtensions.ClientOf(context));
    }

    [Fact]
    public void An_authenticated_client_is_its_key_from_any_address()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "planning-office")], "Bearer"));

        Assert.Equal("key planning-office", RequestLimitsExtensions.ClientOf(context));
    }

    [Theory]
    [InlineData("--RateLimits:RequestsPerSecond=0", "RateLimits:RequestsPerSecond")]
    [InlineData("--RateLimits:WriteBurst=-1", "RateLimits:WriteBurst")]
    [InlineData("--Cors:Origins:0=*", "Cors:Origins")]
    [InlineData("--Cors:Origins=https://workbench.example.org/app", "Cors:Origins")]
    public void Unusable_limits_or_origins_stop_the_host_before_it_starts(string setting, string named)
    {
        var e = Assert.Throws<InvalidOperationException>(() => LiubeiSimHost.Build(["--urls", "http://127.0.0.1:0", setting]));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends until the host answers 429, within <see cref="Attempts"/>; every answer before it is a success.</summary>
    private static async Task<HttpResponseMessage> FirstRefusalAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var i = 0; i < Attempts; i++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            Assert.True(response.IsSuccessStatusCode, $"answer {i + 1}: {(int)response.StatusCode}");
            response.Dispose();
        }

        Assert.Fail($"no 429 in {Attempts} requests with a burst of {RequestBurst}");
        return null!;
    }

    /// <summary>A client whose connections come from 127.0.0.<paramref name="last"/>: a client of its own to the host.</summary>
    private HttpClient From(int last)
    {
        var local = new IPEndPoint(IPAddress.Parse($"127.0.0.{last}"), 0);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(local);
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = fixture.Host.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A host with small limits: every client a burst of six requests, two of them writes, one more a second.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private RunningHost? _host;

        public RunningHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

        public async ValueTask InitializeAsync() => _host = await RunningHost.StartAsync(
            "--RateLimits:RequestsPerSecond=1",
            $"--RateLimits:RequestBurst={RequestBurst}",
            "--RateLimits:WritesPerSecond=1",
            $"--RateLimits:WriteBurst={WriteBurst}");

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
    }
}
