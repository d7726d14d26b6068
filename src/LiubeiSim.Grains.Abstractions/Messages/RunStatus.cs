namespace LiubeiSim.Grains.Messages;

/// <summary>Where a run stands: months complete, shards done in the month under way, and why it failed if it did.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Messages.RunStatus")]
public sealed record RunStatus
{
    [Id(0)] public required RunState State { get; init; }
    [Id(1)] public required int Month { get; init; }
    [Id(2)] public required int ShardsDone { get; init; }
    [Id(3)] public required int Shards { get; init; }
    [Id(4)] public required int Months { get; init; }
    [Id(5)] public required double ElapsedSeconds { get; init; }
    [Id(6)] public required long ReplicationMonthsDone { get; init; }
    [Id(7)] public string? Failure { get; init; }

    /// <summary>The scenario's name, replications and seed; empty, 0 and 0 when the grain holds no run.</summary>
    [Id(8)] public string Scenario { get; init; } = string.Empty;
    [Id(9)] public int Replications { get; init; }
    [Id(10)] public ulong Seed { get; init; }

    [Id(11)] public DateTimeOffset? CreatedAt { get; init; }
    [Id(12)] public DateTimeOffset? StartedAt { get; init; }
    [Id(13)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Times the run was started from its first month because its run grain was lost (a silo died or left).</summary>
    [Id(14)] public int Restarts { get; init; }

    /// <summary>Shards recomputed elsewhere from their seed after their silo was lost, over the run's life.</summary>
    [Id(15)] public int ShardsRecomputed { get; init; }

    [Id(16)] public bool Durable { get; init; }
    [Id(17)] public string? Owner { get; init; }

    /// <summary>The id under which the silo logged why the run failed (the failure's text ends with it too); null otherwise.</summary>
    // Id 30, not the next free one: leaves room for fields added on other branches meanwhile.
    [Id(30)] public string? CorrelationId { get; init; }

    public bool IsFinished => State is RunState.Completed or RunState.Failed or RunState.Cancelled;
}
