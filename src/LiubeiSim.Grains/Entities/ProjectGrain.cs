using LiubeiSim.Model.District;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>A named project for one shard: holds its jittered schedule per replication and steps with <see cref="ProjectStep"/>.</summary>
[PreferLocalPlacement]
public sealed class ProjectGrain(IServiceProvider services) : EntityGrain(services), IProjectGrain
{
    private ProjectState? _state;
    private ProjectContribution? _into;

    protected override void Initialise()
    {
        _state = ProjectStep.Initialise(Parameters, IndexOf(DistrictIds.Projects, EntityId, "named project"), Block);
        _into = new ProjectContribution(Block.Count);
    }

    public Task<Immutable<ProjectContribution>> Advance(int month)
    {
        Step(month, () => ProjectStep.Advance(Parameters, _state!, Block, month, _into!));
        return Task.FromResult(_into!.AsImmutable());
    }
}
