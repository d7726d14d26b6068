using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>The unnamed projects of one chain (or the non-industrial ones), for one shard of a run.</summary>
public interface IProjectPipelineGrain : IEntityGrain
{
    Task<Immutable<ProjectContribution>> Advance(int month);
}
