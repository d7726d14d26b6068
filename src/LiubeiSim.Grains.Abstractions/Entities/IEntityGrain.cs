using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// An entity of one shard of one run, of any kind the model lists (a chain, a named project, a pipeline, a town, a
/// synthetic firm): set up once, advanced month by month by its shard, then let go. Kinds differ only in their step.
/// </summary>
[Alias("LiubeiSim.Grains.Entities.IEntityGrain")]
public interface IEntityGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(EntitySetup setup);

    /// <summary>
    /// Advances one part of the shard's block (<c>ShardParts</c>) one month from that part's previous snapshot; a
    /// cancelled call queued behind others never runs. The contribution is valid until the entity's next call.
    /// </summary>
    [Alias("Advance")]
    Task<Immutable<EntityContribution>> Advance(int month, int part, Immutable<DistrictSnapshot> previous, CancellationToken cancellationToken);

    /// <summary>Ends the activation: run-scoped state is not kept after the run.</summary>
    [Alias("Stop")]
    Task Stop();
}
