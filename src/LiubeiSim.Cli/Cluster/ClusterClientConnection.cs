using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;

namespace LiubeiSim.Cli.Cluster;

/// <summary>
/// An Orleans client connected to a running LiubeiSim cluster: through one silo's gateway (<c>gateway://</c>, a static
/// gateway list) or through the cluster's Redis (<c>redis://</c>, every live silo's gateway). A small generic host of
/// its own, so the client's services live in their own container; dispose it to close the connection.
/// </summary>
public sealed class ClusterClientConnection : IAsyncDisposable
{
    /// <summary>The longest a connection may take before the command gives up with a message (nothing listening, Redis down).</summary>
    public static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Failed attempts are retried, a second apart, only this long after the first: long enough for a <c>serve</c>
    /// started a moment ago to open its gateway, short enough that "nothing is listening" is said within seconds.
    /// </summary>
    private static readonly TimeSpan RetryWindow = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(5);

    private readonly IHost _host;

    private ClusterClientConnection(IHost host, ClusterAddress address, string clusterId)
    {
        _host = host;
        Address = address;
        ClusterId = clusterId;
    }

    public ClusterAddress Address { get; }

    public string ClusterId { get; }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public IGrainFactory Grains => Client;

    /// <summary>Connects within <see cref="ConnectLimit"/>.</summary>
    /// <exception cref="ClusterUnreachableException">No connection within the limit; its message is one line that says what to check.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled (Ctrl+C).</exception>
    public static async Task<ClusterClientConnection> ConnectAsync(ClusterAddress address, string clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        var gateways = address is GatewayClusterAddress gateway ? await ResolveAsync(gateway, clusterId, cancellationToken) : [];
        var host = Build(address, clusterId, gateways);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ConnectLimit);
        try
        {
            // WaitAsync as well as the token: the bound holds even if some step of the start does not watch the token.
            await host.StartAsync(limit.Token).WaitAsync(ConnectLimit, cancellationToken);

            return new ClusterClientConnection(host, address, clusterId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw;
        }
        catch (Exception e)
        {
            host.Dispose();
            throw new ClusterUnreachableException(Unreachable(address, clusterId, e), e);
        }
    }

    /// <summary>One line: what could not be reached, why, and what to check.</summary>
    internal static string Unreachable(ClusterAddress address, string clusterId, Exception? why)
    {
        var reason = why switch
        {
            null => string.Empty,
            OperationCanceledException => string.Create(CultureInfo.InvariantCulture, $" within {ConnectLimit.TotalSeconds:0} s"),

            // StackExchange.Redis appends a paragraph of advice on its own settings, which is not the user's to change here.
            _ when why.GetBaseException() is StackExchange.Redis.RedisConnectionException redis => $" (the Redis did not answer: {redis.FailureType})",
            _ => $" ({FirstLine(why.GetBaseException().Message)})",
        };
        var check = address switch
        {
            GatewayClusterAddress g => string.Create(CultureInfo.InvariantCulture,
                $"is `liubeisim serve` running there (its gateway port is --gateway-port, default {GatewayClusterAddress.DefaultPort}), and is --cluster-id its cluster id ('{clusterId}' was used)?"),
            _ => $"is the Redis up, and is at least one `liubeisim serve --cluster {address}` running with cluster id '{clusterId}' (--cluster-id)?",
        };
        return $"cannot connect to the cluster at {address}{reason}: {check}";
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).TrimEnd('.', ' ');
    }

    /// <summary>Static clustering takes IP endpoints: a host name (localhost) is resolved here, so an unknown name is our message.</summary>
    private static async Task<IPEndPoint[]> ResolveAsync(GatewayClusterAddress gateway, string clusterId, CancellationToken cancellationToken)
    {
        var host = gateway.Host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip))
        {
            return [new IPEndPoint(ip, gateway.Port)];
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).WaitAsync(ConnectLimit, cancellationToken);
            return [.. addresses.Select(a => new IPEndPoint(a, gateway.Port))];
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            throw new ClusterUnreachableException(Unreachable(gateway, clusterId, e), e);
        }
    }

    private static IHost Build(ClusterAddress address, string clusterId, IPEndPoint[] gateways)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // As in the embedded silo: failures reach the user as the command's own one-line messages, not Orleans' log lines.
        builder.Logging.ClearProviders();

        // Ctrl+C belongs to the command (it cancels or stops following a run); the console lifetime would take it.
        builder.Services.AddSingleton<IHostLifetime, HostedByCaller>();
        builder.UseOrleansClient(client =>
        {
            // The grain interfaces and messages this client calls: the tool is no Orleans part of its own (see its
            // project file), so they are named here rather than found through it.
            client.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(IScenarioRunGrain).Assembly));
            client.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = ClusterOption.DefaultId;
                o.ClusterId = clusterId;
            });
            switch (address)
            {
                case GatewayClusterAddress:
                    client.UseStaticClustering(gateways);
                    break;
                case RedisClusterAddress redis:
                    client.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(RedisClusteringOptions).Assembly));
                    client.UseRedisClustering(redis.ToConnectionString());
                    break;
                default:
                    throw new ArgumentException($"No client connection for a {address.GetType().Name}.", nameof(address));
            }

            var clock = Stopwatch.StartNew();
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (clock.Elapsed + RetryPause > RetryWindow)
                {
                    return false;
                }

                await Task.Delay(RetryPause, token);
                return true;
            });
        });
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(CloseLimit);
        try
        {
            await _host.StopAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // The gateway did not answer the goodbye in time; disposing drops the connection all the same.
        }
        finally
        {
            _host.Dispose();
        }
    }
}

/// <summary>The CLI could not connect to a cluster; the message is the one line to print.</summary>
public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);
