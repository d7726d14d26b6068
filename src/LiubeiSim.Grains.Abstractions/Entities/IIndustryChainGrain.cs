using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>An industry chain of the report (the "1+1+3" chains and the remainder) for one shard of a run.</summary>
public interface IIndustryChainGrain : IEntityGrain
{
    /// <summary>Advances every replication of the shard one month from the previous month's snapshot.</summary>
    Task<Immutable<ChainContribution>> Advance(int month, Immutable<DistrictSnapshot> previous);
}
