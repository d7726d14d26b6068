namespace LiubeiSim.Grains.Messages;

/// <summary>What an entity grain needs to set itself up: its shard's setup, and which entity of the model it is.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Messages.EntitySetup")]
public sealed record EntitySetup
{
    [Id(0)] public required ShardSetup Shard { get; init; }

    /// <summary>Position of the entity's kind in <c>DistrictModel.Kinds</c>.</summary>
    [Id(1)] public required int Kind { get; init; }

    /// <summary>Position of the entity among its kind's entities.</summary>
    [Id(2)] public required int Index { get; init; }
}
