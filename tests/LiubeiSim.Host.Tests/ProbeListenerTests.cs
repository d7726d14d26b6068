using System.Net;
using System.Net.Sockets;
using System.Text;
using LiubeiSim.Host.Health;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests;

/// <summary>The listener of its own that answers probes (Probes:Url) apart from the API and its thread pool.</summary>
[Collection(HostCollection.Name)]
public sealed class ProbeListenerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task It_answers_liveness_and_readiness_and_nothing_else()
    {
        await using var host = await RunningHost.StartAsync("--Probes:Url=http://127.0.0.1:0");
        var bound = host.Services.GetRequiredService<ProbeListener>().Bound!;
        Assert.Equal(IPAddress.Loopback, bound.Address);
        Assert.NotEqual(host.Address.Port, bound.Port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{bound.Port}"), Timeout = TimeSpan.FromSeconds(10) };

        using (var live = await http.GetAsync("/healthz", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("Healthy", await live.Content.ReadAsStringAsync(Cancel));
            Assert.Equal("text/plain", live.Content.Headers.ContentType?.MediaType);
        }

        // Readiness is refreshed every second from the API's checks: the silo is active once the host has started.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var ready = await http.GetAsync("/readyz", Cancel);
            var text = await ready.Content.ReadAsStringAsync(Cancel);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("Healthy", text);
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.StartsWith("Unhealthy", text, StringComparison.Ordinal);
            Assert.True(DateTime.UtcNow < deadline, $"/readyz on the probe listener still says: {text}");
            await Task.Delay(200, Cancel);
        }

        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        using (var post = await http.PostAsync("/healthz", new StringContent(string.Empty), Cancel))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        using (var other = await http.GetAsync("/api/runs", Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        // Not HTTP at all: answered 400 and closed, and the next probe is answered as usual.
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(bound, Cancel);
            await socket.SendAsync("\u0001\u0002 nonsense\r\n\r\n"u8.ToArray(), SocketFlags.None, Cancel);
            var buffer = new byte[256];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, Cancel);
            Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        }

        Assert.Equal("Healthy", await http.GetStringAsync("/healthz", Cancel));
    }

    [Fact]
    public async Task A_client_that_sends_nothing_holds_it_for_a_second_at_most()
    {
        await using var host = await RunningHost.StartAsync("--Probes:Url=http://127.0.0.1:0");
        var bound = host.Services.GetRequiredService<ProbeListener>().Bound!;
        using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await idle.ConnectAsync(bound, Cancel);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("Healthy", await http.GetStringAsync($"http://127.0.0.1:{bound.Port}/healthz", Cancel));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"a probe behind an idle connection took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("http://0.0.0.0:8081", "0.0.0.0", 8081)]
    [InlineData("http://127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("http://localhost:9000/", "127.0.0.1", 9000)]
    [InlineData("http://*:8081", "0.0.0.0", 8081)]
    [InlineData("http://[::1]:8081", "::1", 8081)]
    public void Urls_name_an_address_and_a_port(string url, string address, int port)
    {
        var endpoint = ProbeListener.Endpoint(url);
        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("https://0.0.0.0:8081")]
    [InlineData("http://0.0.0.0")]
    [InlineData("http://probes.example:8081")]
    [InlineData("http://0.0.0.0:70000")]
    [InlineData("http://0.0.0.0:8081/healthz")]
    [InlineData("8081")]
    public void Anything_else_is_refused_naming_the_setting(string url) =>
        Assert.Contains("Probes:Url", Assert.Throws<ArgumentException>(() => ProbeListener.Endpoint(url)).Message, StringComparison.Ordinal);
}
