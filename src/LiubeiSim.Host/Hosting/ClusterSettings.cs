namespace LiubeiSim.Host.Hosting;

/// <summary>The <c>Orleans</c> configuration section: how this silo finds its cluster.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Orleans";

    public string ServiceId { get; set; } = "liubeisim";

    public string ClusterId { get; set; } = "liubeisim";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>A StackExchange.Redis connection string. Empty: a single silo with localhost clustering and its grain state in <see cref="DataDirectory"/>.</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>
    /// <c>Orleans:Data</c> (<c>liubeisim serve --data DIR</c>): where a single silo keeps grain state, locked while it runs.
    /// Empty: the user's local data folder (<c>~/.local/share/liubeisim</c> on Linux). Unused with Redis.
    /// </summary>
    [ConfigurationKeyName("Data")]
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Host name or IP address other silos reach this one at, with Redis clustering. Empty: the machine's host name,
    /// which in a compose network resolves to the container's address.
    /// </summary>
    public string AdvertisedHost { get; set; } = string.Empty;

    /// <summary>Running in a Kubernetes pod: silo name, address and cluster ids come from the pod (Orleans' Kubernetes hosting).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Serves the Orleans Dashboard at <c>/dashboard</c>. Off by default: it shows grain state and live logs to whoever can reach the port.</summary>
    public bool Dashboard { get; set; }

    public bool UsesRedis => !string.IsNullOrWhiteSpace(Redis);

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
}
