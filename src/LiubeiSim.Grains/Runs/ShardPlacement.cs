using Orleans.Runtime.Placement;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// Shards of a run dealt round the silos in turn, so each silo holds its share of the run's replications (a run
/// that does not gather keeps them there: <see cref="Model.Engine.SpreadOptions"/>). Random placement put 6 of 12
/// shards on one of three silos now and then, and that silo then held half the run.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
[Alias("LiubeiSim.Grains.Runs.ShardSpreadPlacement")]
public sealed class ShardSpreadPlacement : PlacementStrategy;

/// <summary>Places a grain by <see cref="ShardSpreadPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardSpreadPlacementAttribute() : PlacementAttribute(new ShardSpreadPlacement());

/// <summary>
/// Shard s of a run goes to silo (h + s + g) mod n of the compatible silos in address order, where h is a hash of
/// the run's id (runs do not all start on the first silo) and g the shard's generation (a replacement for a lost
/// activation tries the next silo rather than the one that may not yet be declared dead). A key that is not a
/// shard's goes to a silo by its hash alone.
/// </summary>
public sealed class ShardSpreadPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).Order().ToArray();
        if (silos.Length == 0)
        {
            throw new OrleansException($"No silo can host {target.GrainIdentity}.");
        }

        var key = target.GrainIdentity.Key.ToString() ?? string.Empty;
        return Task.FromResult(silos[(int)(Turn(key) % (ulong)silos.Length)]);
    }

    /// <summary>(hash of the run, shard, generation) from a key <c>{run}.{restart}/{shard}.{generation}</c> (<see cref="Entities.EntityAddress.Shard"/>).</summary>
    internal static ulong Turn(string key)
    {
        if (!Entities.EntityAddress.TryParseShard(key, out _, out _, out var shard, out var generation))
        {
            return (uint)IdSpan.Create(key).GetUniformHashCode();
        }

        // Orleans' own uniform hash of an id (the run and its restart): the same on every silo and in every process.
        return (ulong)(uint)IdSpan.Create(key[..key.IndexOf('/', StringComparison.Ordinal)]).GetUniformHashCode() + (uint)shard + (uint)generation;
    }
}
