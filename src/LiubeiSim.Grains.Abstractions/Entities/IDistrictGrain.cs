using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>The district for one shard of a run: reduces the month's contributions and writes the next snapshot.</summary>
[Alias("LiubeiSim.Grains.Entities.IDistrictGrain")]
public interface IDistrictGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(ShardSetup setup);

    /// <summary>The base-year snapshot the entities read in the first month.</summary>
    [Alias("Initial")]
    Task<Immutable<DistrictSnapshot>> Initial();

    /// <summary>Reduces one month; contributions come by kind, each kind's entities in their fixed order.</summary>
    [Alias("Reduce")]
    Task<MonthOutcome> Reduce(int month, Immutable<DistrictContributions> contributions);

    [Alias("Stop")]
    Task Stop();
}
