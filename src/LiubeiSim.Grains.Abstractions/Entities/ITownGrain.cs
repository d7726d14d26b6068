using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>A town (街道/镇) of the district, for one shard of a run.</summary>
public interface ITownGrain : IEntityGrain
{
    Task<Immutable<TownContribution>> Advance(int month, Immutable<DistrictSnapshot> previous);
}
