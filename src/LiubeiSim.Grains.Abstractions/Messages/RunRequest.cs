using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Grains.Messages;

/// <summary>A scenario run as the run grain receives it: a validated scenario, the input-output table, and how many shards.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Messages.RunRequest")]
public sealed record RunRequest
{
    [Id(0)] public required Scenario Scenario { get; init; }
    [Id(1)] public required IoTable Io { get; init; }
    [Id(2)] public required int Shards { get; init; }

    /// <summary>
    /// Kept in grain storage and listed in the run catalog, so it outlives its silo and any host answers for it (API
    /// runs, <c>liubeisim run --cluster</c>). Otherwise the run lives in memory and its caller restarts it if its grain is
    /// lost (the CLI's embedded silo, a sweep's points).
    /// </summary>
    [Id(3)] public bool Durable { get; init; }

    /// <summary>Who submitted it, for listings; null when nobody said.</summary>
    [Id(4)] public string? Owner { get; init; }
}
