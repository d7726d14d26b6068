namespace LiubeiSim.Cli.Running;

/// <summary>What the user asked of <c>liubeisim run</c>.</summary>
public sealed record RunOptions(string Scenario, string Engine, int? Replications, ulong? Seed, DirectoryInfo? Output, FileInfo? IoTable, bool All)
{
    public const string InProcess = "inprocess";

    public const int MaxReplications = 1_000_000;
}
