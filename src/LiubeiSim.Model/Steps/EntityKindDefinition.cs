using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// One kind of entity of the district: which entities a run has of it, how each is set up over a block, and where
/// its contributions go in the district's reduce. Kinds differ only in these; every engine walks
/// <see cref="DistrictModel.Kinds"/> the same way.
/// </summary>
/// <param name="Name">The kind's name, e.g. <c>chain</c>.</param>
/// <param name="Slot">Its position in <see cref="DistrictModel.Kinds"/> and in <see cref="DistrictContributions.ByKind"/>.</param>
/// <param name="Channels">The number of channels of its contributions.</param>
/// <param name="Ids">The run's entities of this kind, in the fixed order of every sum.</param>
/// <param name="SetUp">Builds entity <c>index</c>'s state over a block.</param>
public sealed record EntityKindDefinition(
    string Name,
    int Slot,
    int Channels,
    Func<ModelParameters, IReadOnlyList<string>> Ids,
    Func<ModelParameters, int, ReplicationBlock, EntityStep> SetUp);
