using LiubeiSim.Model.District;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>A town for one shard: its jobs and the income of people lifted out of poverty, stepped with <see cref="TownStep"/>.</summary>
[PreferLocalPlacement]
public sealed class TownGrain(IServiceProvider services) : EntityGrain(services), ITownGrain
{
    private int _town;
    private TownContribution? _into;

    protected override void Initialise()
    {
        _town = IndexOf(DistrictIds.Towns, EntityId, "town");
        _into = new TownContribution(Block.Count);
    }

    public Task<Immutable<TownContribution>> Advance(int month, Immutable<DistrictSnapshot> previous)
    {
        Step(month, () => TownStep.Advance(Parameters, _town, Block, month, previous.Value, _into!));
        return Task.FromResult(_into!.AsImmutable());
    }
}
