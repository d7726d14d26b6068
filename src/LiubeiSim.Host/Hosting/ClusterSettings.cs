using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace LiubeiSim.Host.Hosting;

/// <summary>The <c>Orleans</c> configuration section: how this silo finds its cluster.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Orleans";

    public const int DefaultSiloPort = 11111;

    public const int DefaultGatewayPort = 30000;

    public string ServiceId { get; set; } = "liubeisim";

    public string ClusterId { get; set; } = "liubeisim";

    /// <summary>
    /// Silo-to-silo port. Not given (see <see cref="SiloPortGiven"/>): <see cref="DefaultSiloPort"/>, or, for a single
    /// silo without Redis when that port is taken, a free one (see <see cref="SiloPorts"/>). A port given is used or the
    /// host does not start.
    /// </summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Client (gateway) port; as for <see cref="SiloPort"/>, with <see cref="DefaultGatewayPort"/>.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Whether configuration (a file, the environment, the command line, <c>serve --silo-port</c>) set <see cref="SiloPort"/>.</summary>
    public bool SiloPortGiven { get; private set; }

    /// <summary>Whether configuration set <see cref="GatewayPort"/>.</summary>
    public bool GatewayPortGiven { get; private set; }

    /// <summary>A StackExchange.Redis connection string. Empty: a single silo with localhost clustering and its grain state in <see cref="DataDirectory"/>.</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>
    /// <c>Orleans:Data</c> (<c>liubeisim serve --data DIR</c>): where a single silo keeps grain state, locked while it runs.
    /// Empty: the user's local data folder (<c>~/.local/share/liubeisim</c> on Linux). Unused with Redis.
    /// </summary>
    [ConfigurationKeyName("Data")]
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Host name or IP address other silos reach this one at, with Redis clustering. Empty: 127.0.0.1 when the Redis is
    /// on loopback (every silo of such a cluster is on this machine), else the machine's host name, which in a compose
    /// network resolves to the container's address.
    /// </summary>
    public string AdvertisedHost { get; set; } = string.Empty;

    /// <summary>Running in a Kubernetes pod: silo name, address and cluster ids come from the pod (Orleans' Kubernetes hosting).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Serves the Orleans Dashboard at <c>/dashboard</c>. Off by default: it shows grain state and live logs to whoever can reach the port.</summary>
    public bool Dashboard { get; set; }

    public bool UsesRedis => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>Reads the section and checks the ports, so a wrong one is named before the silo tries to bind it.</summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var settings = section.Get<ClusterSettings>() ?? new ClusterSettings();
        settings.SiloPortGiven = !string.IsNullOrEmpty(section[nameof(SiloPort)]);
        settings.GatewayPortGiven = !string.IsNullOrEmpty(section[nameof(GatewayPort)]);
        CheckPort(settings.SiloPort, nameof(SiloPort));
        CheckPort(settings.GatewayPort, nameof(GatewayPort));
        return settings;
    }

    /// <summary>Takes the ports <see cref="SiloPorts.Choose(ClusterSettings)"/> chose, so the silo is configured with them.</summary>
    public void Use(SiloPorts ports)
    {
        SiloPort = ports.Silo;
        GatewayPort = ports.Gateway;
    }

    /// <summary>The address this silo advertises with Redis clustering (see <see cref="AdvertisedHost"/>).</summary>
    public string AdvertisedHostOrDefault()
    {
        if (!string.IsNullOrWhiteSpace(AdvertisedHost))
        {
            return AdvertisedHost;
        }

        // A Redis on loopback can only be shared by processes of this machine: its silos reach each other on loopback
        // too, and nothing needs to listen on the network.
        var endpoints = ConfigurationOptions.Parse(Redis).EndPoints;
        return endpoints.Count > 0 && endpoints.All(IsLoopback) ? IPAddress.Loopback.ToString() : Dns.GetHostName();
    }

    private static bool IsLoopback(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
        DnsEndPoint dns => dns.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static void CheckPort(int port, string name)
    {
        if (port is < 1 or > 65535)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Section}:{name} must be a port 1..65535, got {port}."));
        }
    }
}
