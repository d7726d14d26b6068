namespace LiubeiSim.Host.Runs;

/// <summary>The <c>Runs</c> configuration section: how much work this host takes on.</summary>
public sealed class RunsSettings
{
    public const string Section = "Runs";

    /// <summary>Runs simulated at once by this host; the rest wait as <c>queued</c>. Each run already spreads its shards over every core.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>Runs waiting at most; beyond it a POST answers 503 instead of letting memory grow.</summary>
    public int MaxQueued { get; set; } = 100;

    /// <summary>Runs remembered, oldest finished forgotten first; their results (monthly statistics, some 31 KB a 12-month run) live in memory until then.</summary>
    public int Retained { get; set; } = 1000;
}
