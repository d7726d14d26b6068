using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// Any entity of the district for one shard of a run: it holds the <see cref="EntityStep"/> its kind sets up (see
/// <see cref="DistrictModel.Kinds"/>) and calls its step each month, the same code the in-process engine calls.
/// </summary>
[PreferLocalPlacement]
[GrainType("entity")]
public sealed class EntityGrain(IServiceProvider services) : Grain, IEntityGrain
{
    private RunScopedActivation? _activation;
    private EntityStep? _step;
    private EntityContribution? _into;

    private RunScopedActivation Activation => _activation ??= new RunScopedActivation(services, this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.LeaveUnlessStarted(static grain => grain._activation is { Started: true });
        return Task.CompletedTask;
    }

    public Task Start(EntitySetup setup)
    {
        Activation.Start(setup.Shard, parameters =>
        {
            var kind = DistrictModel.Kinds[setup.Kind];
            var id = kind.Ids(parameters)[setup.Index];
            if (!string.Equals(id, Activation.EntityId, StringComparison.Ordinal))
            {
                // Said without the grain key: this message reaches whoever asked for the run.
                throw new ArgumentException($"it was set up as {kind.Name} #{setup.Index}, which is '{id}', not '{Activation.EntityId}'.");
            }

            _step = kind.SetUp(parameters, setup.Index, setup.Shard.Block);
            _into = new EntityContribution(kind.Channels, setup.Shard.Block.Count);
        });
        return Task.CompletedTask;
    }

    // The contribution buffer is reused: the shard reduces it before it asks for the next month.
    public Task<Immutable<EntityContribution>> Advance(int month, Immutable<DistrictSnapshot> previous, CancellationToken cancellationToken)
    {
        Activation.Step(month, cancellationToken, () => _step!.Advance(month, previous.Value, _into!));
        return Task.FromResult(_into!.AsImmutable());
    }

    public Task Stop()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
