using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// Any entity of the district for one shard of a run: it holds the <see cref="EntityStep"/> its kind sets up (see
/// <see cref="DistrictModel.Kinds"/>) for each part of the shard's block (<see cref="ShardParts"/>) and calls a part's
/// step when its shard asks, the same code the in-process engine calls.
/// </summary>
[PreferLocalPlacement]
[GrainType("entity")]
public sealed class EntityGrain(IServiceProvider services) : Grain, IEntityGrain
{
    private RunScopedActivation? _activation;
    private EntityStep[] _steps = [];

    /// <summary>The contribution each part writes: one per part size (parts differ by at most one replication), reused by every part of that size.</summary>
    private EntityContribution[] _into = [];

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

            var parts = ShardParts.Of(setup.Shard.Block);
            _steps = Array.ConvertAll(parts, part => kind.SetUp(parameters, setup.Index, part));
            var sizes = parts.Select(part => part.Count).Distinct().ToDictionary(count => count, count => new EntityContribution(kind.Channels, count));
            _into = Array.ConvertAll(parts, part => sizes[part.Count]);
        });
        return Task.CompletedTask;
    }

    // The contribution buffer is reused: the shard reduces a part before it asks for the next one.
    public Task<Immutable<EntityContribution>> Advance(int month, int part, Immutable<DistrictSnapshot> previous, CancellationToken cancellationToken)
    {
        Activation.Step(month, cancellationToken, () =>
        {
            if (part < 0 || part >= _steps.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(part), part, $"The shard's block has {_steps.Length} parts.");
            }

            _steps[part].Advance(month, previous.Value, _into[part]);
        });
        return Task.FromResult(_into[part].AsImmutable());
    }

    public Task Stop()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
