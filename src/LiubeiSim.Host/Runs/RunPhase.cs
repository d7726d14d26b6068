namespace LiubeiSim.Host.Runs;

/// <summary>Where a run submitted through the API stands. The API writes these in lower case.</summary>
public enum RunPhase
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
