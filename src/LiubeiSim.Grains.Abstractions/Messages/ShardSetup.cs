using LiubeiSim.Aggregation;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Grains.Messages;

/// <summary>
/// What every activation of a shard needs to build the run's <c>ModelParameters</c> itself (the same on every silo,
/// because it is rebuilt from the same scenario and table) and to know its block of replications.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Messages.ShardSetup")]
public sealed record ShardSetup
{
    /// <summary>The run's id (its run grain's key), for messages and metrics.</summary>
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required int Shard { get; init; }
    [Id(2)] public required Scenario Scenario { get; init; }
    [Id(3)] public required IoTable Io { get; init; }
    [Id(4)] public required int BlockStart { get; init; }
    [Id(5)] public required int BlockCount { get; init; }

    public ReplicationBlock Block => new(BlockStart, BlockCount);
}
