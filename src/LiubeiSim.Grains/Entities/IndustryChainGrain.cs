using LiubeiSim.Model.District;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>An industry chain for one shard: holds its demand and employment state and steps with <see cref="ChainStep"/>.</summary>
[PreferLocalPlacement]
public sealed class IndustryChainGrain(IServiceProvider services) : EntityGrain(services), IIndustryChainGrain
{
    private ChainState? _state;
    private ChainContribution? _into;

    protected override void Initialise()
    {
        _state = ChainStep.Initialise(Parameters, IndexOf(DistrictIds.Chains, EntityId, "chain"), Block.Count);
        _into = new ChainContribution(Block.Count);
    }

    // The contribution buffer is reused: the shard reduces it before it asks for the next month.
    public Task<Immutable<ChainContribution>> Advance(int month, Immutable<DistrictSnapshot> previous)
    {
        Step(month, () => ChainStep.Advance(Parameters, _state!, Block, month, previous.Value, _into!));
        return Task.FromResult(_into!.AsImmutable());
    }
}
