namespace LiubeiSim.Cli.Running;

/// <summary>What the user asked of <c>liubeisim run</c>.</summary>
/// <param name="Shards">Blocks of replications run in parallel (Orleans engine); null for the default, see <see cref="LiubeiSim.Grains.Engine.OrleansEngine.DefaultShards"/>.</param>
public sealed record RunOptions(string Scenario, string Engine, int? Replications, ulong? Seed, DirectoryInfo? Output, FileInfo? IoTable, bool All, int? Shards = null)
{
    public const string InProcess = "inprocess";

    public const string Orleans = "orleans";

    public const int MaxReplications = 1_000_000;

    /// <summary><c>--set KEY=VALUE</c> settings applied over the scenario before it is validated.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary><c>--cluster URL</c>: submit a durable run to this running cluster instead of hosting a silo; null runs here.</summary>
    public LiubeiSim.Grains.Hosting.ClusterAddress? Cluster { get; init; }

    /// <summary><c>--cluster-id</c>: the id of that cluster's silos.</summary>
    public string ClusterId { get; init; } = LiubeiSim.Cli.Cluster.ClusterOption.DefaultId;

    /// <summary><c>--memory-budget SIZE</c>: the memory the run may take here; null for half of what the runtime may use.</summary>
    public string? MemoryBudget { get; init; }

    /// <summary>How the results are printed on stdout.</summary>
    public Hosting.OutputFormat Format { get; init; } = Hosting.OutputFormat.Table;
}
