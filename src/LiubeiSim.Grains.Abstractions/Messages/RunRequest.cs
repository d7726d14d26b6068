using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Grains.Messages;

/// <summary>A scenario run as the run grain receives it: a validated scenario, the input-output table, and how many shards.</summary>
[GenerateSerializer, Immutable]
public sealed record RunRequest
{
    [Id(0)] public required Scenario Scenario { get; init; }
    [Id(1)] public required IoTable Io { get; init; }
    [Id(2)] public required int Shards { get; init; }
}
