using System.CommandLine;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Cli.Cluster;

/// <summary>The <c>--cluster URL</c> and <c>--cluster-id ID</c> options of the commands that talk to a running cluster.</summary>
public static class ClusterOption
{
    /// <summary>The service and cluster id of <c>liubeisim serve</c> unless configured otherwise (Orleans:ServiceId, Orleans:ClusterId).</summary>
    public const string DefaultId = "liubeisim";

    /// <summary>Where <c>liubeisim runs</c> looks when not told: the gateway of a <c>liubeisim serve</c> on this machine.</summary>
    public static readonly GatewayClusterAddress LocalServe = new("127.0.0.1", GatewayClusterAddress.DefaultPort);

    public static Option<ClusterAddress?> Address(string description)
    {
        var option = new Option<ClusterAddress?>("--cluster")
        {
            Description = description,
            HelpName = "URL",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (ClusterAddress.TryParse(text, out var address, out var problem))
                {
                    return address;
                }

                result.AddError($"--cluster: {problem}");
                return null;
            },
        };
        return option;
    }

    public static Option<string> Id()
    {
        var option = new Option<string>("--cluster-id")
        {
            Description = "The cluster's id, as its silos were started with (setting Orleans:ClusterId of `liubeisim serve`).",
            HelpName = "ID",
            DefaultValueFactory = _ => DefaultId,
        };
        option.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : DefaultId;
            if (string.IsNullOrWhiteSpace(text))
            {
                result.AddError($"--cluster-id: expected the cluster's id (default {DefaultId}), got an empty value");
            }
        });
        return option;
    }
}
