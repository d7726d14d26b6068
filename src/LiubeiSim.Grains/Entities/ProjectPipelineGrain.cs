using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>The unnamed projects of a chain (or the services pipeline) for one shard: backlog and cohorts, stepped with <see cref="PipelineStep"/>.</summary>
[PreferLocalPlacement]
public sealed class ProjectPipelineGrain(IServiceProvider services) : EntityGrain(services), IProjectPipelineGrain
{
    private PipelineState? _state;
    private ProjectContribution? _into;

    protected override void Initialise()
    {
        _state = PipelineStep.Initialise(Parameters, IndexOf(EntityKeys.PipelineIds, EntityId, "project pipeline"), Block);
        _into = new ProjectContribution(Block.Count);
    }

    public Task<Immutable<ProjectContribution>> Advance(int month)
    {
        Step(month, () => PipelineStep.Advance(Parameters, _state!, Block, month, _into!));
        return Task.FromResult(_into!.AsImmutable());
    }
}
