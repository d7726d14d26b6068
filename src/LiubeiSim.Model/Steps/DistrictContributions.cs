namespace LiubeiSim.Model.Steps;

/// <summary>
/// Everything the district gathers in one month: for each entity kind (in <see cref="DistrictModel.Kinds"/> order),
/// its entities' contributions in their fixed order. The reduce sums in this order, never in order of arrival.
/// </summary>
public sealed class DistrictContributions(IReadOnlyList<IReadOnlyList<EntityContribution>> byKind)
{
    public IReadOnlyList<IReadOnlyList<EntityContribution>> ByKind { get; } = byKind;

    public IReadOnlyList<EntityContribution> Of(EntityKindDefinition kind) => ByKind[kind.Slot];
}
