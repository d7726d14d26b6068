namespace LiubeiSim.Host.Comparisons;

/// <summary>The <c>Compare</c> configuration section: how much comparing this host does while a client waits.</summary>
public sealed class CompareSettings
{
    public const string Section = "Compare";

    /// <summary>
    /// Largest comparison answered, in replication-months over both sides (2 × replications × months, weighted up for
    /// synthetic firms). A comparison runs while the request waits, on one core: the default (10,000 replications over
    /// 60 months) took 28 s on a 2-core machine loaded by others, roughly 10 s on an idle core. Larger studies belong to
    /// the CLI.
    /// </summary>
    public long MaxReplicationMonths { get; set; } = 1_200_000;

    /// <summary>Comparisons computed at once; one more is refused with 503 rather than slowing all of them down.</summary>
    public int MaxConcurrent { get; set; } = 1;

    /// <summary>Comparisons remembered for their files and fan charts, oldest forgotten first.</summary>
    public int Retained { get; set; } = 20;
}
