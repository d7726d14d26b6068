namespace LiubeiSim.Grains.Messages;

/// <summary>Where a run stands. Values are appended, never renumbered: they are stored in run records.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Messages.RunState")]
public enum RunState
{
    /// <summary>The grain holds no run: never submitted, forgotten, or (for a run kept in memory only) its silo was lost.</summary>
    NotStarted = 0,
    Running = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,

    /// <summary>Accepted and recorded, waiting for a slot in the cluster's run queue.</summary>
    Queued = 5,
}
