using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>The district for one shard of a run: reduces the month's contributions and writes the next snapshot.</summary>
[Alias("LiubeiSim.Grains.Entities.IDistrictGrain")]
public interface IDistrictGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(ShardSetup setup);

    /// <summary>The base-year snapshot one part of the shard's block (<c>ShardParts</c>) reads in the first month, valid until that part's first reduce (its stocks are updated in place then).</summary>
    [Alias("Initial")]
    Task<Immutable<DistrictSnapshot>> Initial(int part);

    /// <summary>
    /// Reduces one month of one part; contributions come by kind, each kind's entities in their fixed order. The
    /// outcome's reported values are the whole shard's, complete once its last part is reduced.
    /// </summary>
    [Alias("Reduce")]
    Task<MonthOutcome> Reduce(int month, int part, Immutable<DistrictContributions> contributions);

    [Alias("Stop")]
    Task Stop();
}
