using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>The district for one shard of a run: reduces the month's contributions and writes the next snapshot.</summary>
public interface IDistrictGrain : IEntityGrain
{
    /// <summary>The base-year snapshot the entities read in the first month.</summary>
    Task<Immutable<DistrictSnapshot>> Initial();

    /// <summary>Reduces one month; contributions come in the fixed entity order of <c>DistrictIds</c>.</summary>
    Task<MonthOutcome> Reduce(int month, Immutable<DistrictContributions> contributions);
}
