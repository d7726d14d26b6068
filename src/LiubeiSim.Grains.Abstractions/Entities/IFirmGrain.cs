using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>A synthetic firm (a scenario option) for one shard of a run.</summary>
public interface IFirmGrain : IEntityGrain
{
    /// <summary>Advances every replication of the shard one month from the previous month's snapshot.</summary>
    Task<Immutable<FirmContribution>> Advance(int month, Immutable<DistrictSnapshot> previous);
}
