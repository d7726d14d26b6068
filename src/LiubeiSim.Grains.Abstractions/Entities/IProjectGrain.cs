using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>A project the report names, for one shard of a run.</summary>
public interface IProjectGrain : IEntityGrain
{
    Task<Immutable<ProjectContribution>> Advance(int month);
}
