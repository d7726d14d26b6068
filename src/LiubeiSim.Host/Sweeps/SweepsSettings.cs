namespace LiubeiSim.Host.Sweeps;

/// <summary>The <c>Sweeps</c> configuration section: how much sweeping this host takes on, and where the tables go.</summary>
public sealed class SweepsSettings
{
    public const string Section = "Sweeps";

    /// <summary>Where sweeps write their tables, a folder per sweep. Empty: a folder of this process under the system's temporary directory, removed when the host stops.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>Sweeps run at once; the rest wait as <c>queued</c>. Each already runs <see cref="Parallel"/> points at once.</summary>
    public int MaxConcurrent { get; set; } = 1;

    /// <summary>Sweeps waiting at most; beyond it a POST answers 503.</summary>
    public int MaxQueued { get; set; } = 20;

    /// <summary>Sweeps remembered with their tables, oldest finished forgotten (and their folder deleted) first.</summary>
    public int Retained { get; set; } = 20;

    /// <summary>Points of one sweep in flight at once on the cluster; 0: twice this machine's processor count, as <c>liubeisim sweep</c> does.</summary>
    public int Parallel { get; set; }

    /// <summary>
    /// Largest sweep accepted, in replication-months over all its points (points × replications × months, weighted up
    /// for synthetic firms): the default, 100 million, is some minutes of a 2-core silo. Larger sweeps belong to
    /// <c>liubeisim sweep</c>, which also resumes after a stop.
    /// </summary>
    public long MaxReplicationMonths { get; set; } = 100_000_000;

    /// <summary>Most points one sweep may have; checked before any point is built (each is a scenario validated in full).</summary>
    public int MaxPoints { get; set; } = 5_000;
}
