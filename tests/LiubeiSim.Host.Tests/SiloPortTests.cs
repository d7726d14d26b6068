using System.Net;
using System.Net.Sockets;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LiubeiSim.Host.Tests;

/// <summary>A silo's ports: a taken one stops the host with its name and option; an untold default moves only without Redis.</summary>
[Collection(HostCollection.Name)]
public sealed class SiloPortTests
{
    [Fact]
    public async Task A_host_on_a_taken_silo_port_does_not_start_and_names_the_port_and_the_option()
    {
        using var holder = Hold();
        var port = PortOf(holder);

        var failure = await Assert.ThrowsAsync<SiloPortInUseException>(() => RunningHost.StartAsync($"--Orleans:SiloPort={port}"));

        Assert.Equal("silo", failure.Kind);
        Assert.StartsWith($"silo port {port} on 127.0.0.1 is already in use", failure.Message, StringComparison.Ordinal);
        Assert.Contains("--silo-port N", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_on_a_taken_gateway_port_does_not_start_and_names_the_port_and_the_option()
    {
        using var holder = Hold();
        var port = PortOf(holder);

        var failure = await Assert.ThrowsAsync<SiloPortInUseException>(() => RunningHost.StartAsync($"--Orleans:GatewayPort={port}"));

        Assert.Equal("gateway", failure.Kind);
        Assert.StartsWith($"gateway port {port} on 127.0.0.1 is already in use", failure.Message, StringComparison.Ordinal);
        Assert.Contains("--gateway-port N", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_host_on_a_running_silo_s_port_does_not_start()
    {
        // The case that used to pass silently: Orleans' listeners share a port with each other (SO_REUSEPORT), so only
        // the host's own check stands between a second silo and the first one's address.
        await using var first = await RunningHost.StartAsync();
        var taken = first.Services.GetRequiredService<SiloPorts>();

        var failure = await Assert.ThrowsAsync<SiloPortInUseException>(() => RunningHost.StartAsync($"--Orleans:SiloPort={taken.Silo}"));

        Assert.Equal(taken.Silo, failure.Endpoint.Port);
        using var ready = await first.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public void Without_Redis_untold_ports_that_are_taken_move_to_free_ones_and_say_so()
    {
        // Listeners on ports the OS picked stand in for 11111 and 30000 taken by another serve.
        using var silo = Hold();
        using var gateway = Hold();

        var ports = SiloPorts.Choose(Settings(), PortOf(silo), PortOf(gateway), FreePorts.IsInUse);

        Assert.NotEqual(PortOf(silo), ports.Silo);
        Assert.NotEqual(PortOf(gateway), ports.Gateway);
        Assert.NotEqual(ports.Silo, ports.Gateway);
        Assert.False(FreePorts.IsInUse(new IPEndPoint(IPAddress.Loopback, ports.Silo)));
        Assert.Equal(
            [
                $"silo port {PortOf(silo)} is in use; using {ports.Silo} instead (give --silo-port N to choose)",
                $"gateway port {PortOf(gateway)} is in use; using {ports.Gateway} instead (give --gateway-port N to choose)",
            ],
            ports.Notices);
    }

    [Fact]
    public void Free_defaults_are_kept_and_nothing_is_said()
    {
        var free = FreePorts.Take(2);

        var ports = SiloPorts.Choose(Settings(), free[0], free[1], FreePorts.IsInUse);

        Assert.Equal((free[0], free[1]), (ports.Silo, ports.Gateway));
        Assert.Empty(ports.Notices);
    }

    [Fact]
    public void A_port_given_or_a_Redis_cluster_never_moves_a_taken_port()
    {
        using var silo = Hold();
        using var gateway = Hold();

        var given = SiloPorts.Choose(Settings(("SiloPort", $"{PortOf(silo)}")), PortOf(silo), PortOf(gateway), FreePorts.IsInUse);
        var redis = SiloPorts.Choose(Settings(("Redis", "127.0.0.1:6379")), PortOf(silo), PortOf(gateway), FreePorts.IsInUse);

        // Given: the silo port stays (the start check will refuse it); the untold, taken gateway default still moves.
        Assert.Equal(PortOf(silo), given.Silo);
        Assert.NotEqual(PortOf(gateway), given.Gateway);
        Assert.Single(given.Notices);
        Assert.Equal((PortOf(silo), PortOf(gateway)), (redis.Silo, redis.Gateway));
        Assert.Empty(redis.Notices);
    }

    [Fact]
    public void The_port_probe_sees_a_listener_that_shares_its_port_and_ignores_a_closed_one()
    {
        // Orleans' listeners: ReuseAddress, which .NET makes SO_REUSEADDR + SO_REUSEPORT on Unix.
        using var shared = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        shared.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        shared.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        shared.Listen();
        var port = ((IPEndPoint)shared.LocalEndPoint!).Port;

        Assert.True(FreePorts.IsInUse(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.True(FreePorts.IsInUse(new IPEndPoint(IPAddress.Any, port)));
        shared.Close();
        Assert.False(FreePorts.IsInUse(new IPEndPoint(IPAddress.Loopback, port)));
    }

    [Fact]
    public async Task Every_silo_gets_failure_detection_for_about_10_seconds_and_the_2_minute_call_limit()
    {
        await using var host = await RunningHost.StartAsync();

        var membership = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        var messaging = host.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(4), membership.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(8), membership.MaxProbeTimeout);
        Assert.Equal(3, membership.NumMissedProbesLimit);
        Assert.Equal(2, membership.NumVotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromSeconds(30), membership.DeathVoteExpirationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.IAmAliveTablePublishTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.TableRefreshTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), messaging.ResponseTimeout);
    }

    [Fact]
    public void Ports_count_as_given_when_any_configuration_sets_them_and_out_of_range_ones_are_refused()
    {
        var untold = Settings();
        var given = Settings(("SiloPort", "11111"), ("GatewayPort", "30001"));

        Assert.Equal((ClusterSettings.DefaultSiloPort, ClusterSettings.DefaultGatewayPort, false, false), (untold.SiloPort, untold.GatewayPort, untold.SiloPortGiven, untold.GatewayPortGiven));
        Assert.Equal((11111, 30001, true, true), (given.SiloPort, given.GatewayPort, given.SiloPortGiven, given.GatewayPortGiven));
        var refused = Assert.Throws<InvalidOperationException>(() => Settings(("GatewayPort", "65536")));
        Assert.Equal("Orleans:GatewayPort must be a port 1..65535, got 65536.", refused.Message);
    }

    [Fact]
    public void A_silo_of_a_Redis_on_loopback_advertises_loopback_unless_told()
    {
        Assert.Equal("127.0.0.1", Settings(("Redis", "127.0.0.1:6379")).AdvertisedHostOrDefault());
        Assert.Equal("127.0.0.1", Settings(("Redis", "localhost:6379,password=x")).AdvertisedHostOrDefault());
        Assert.Equal(Dns.GetHostName(), Settings(("Redis", "redis:6379")).AdvertisedHostOrDefault());
        Assert.Equal("silo1", Settings(("Redis", "127.0.0.1:6379"), ("AdvertisedHost", "silo1")).AdvertisedHostOrDefault());
    }

    private static ClusterSettings Settings(params (string Key, string Value)[] orleans) =>
        ClusterSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(orleans.Select(s => KeyValuePair.Create($"Orleans:{s.Key}", (string?)s.Value)))
            .Build());

    private static TcpListener Hold()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;
}
