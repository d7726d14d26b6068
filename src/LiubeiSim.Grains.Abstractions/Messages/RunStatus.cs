namespace LiubeiSim.Grains.Messages;

/// <summary>Where a run stands: months complete, shards done in the month under way, and why it failed if it did.</summary>
[GenerateSerializer, Immutable]
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
}
