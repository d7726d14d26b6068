using LiubeiSim.Grains.Messages;

namespace LiubeiSim.Grains.Entities;

/// <summary>An entity of one shard of one run: set up once, advanced month by month by its shard, then let go.</summary>
public interface IEntityGrain : IGrainWithStringKey
{
    Task Start(ShardSetup setup);

    /// <summary>Ends the activation: run-scoped state is not kept after the run.</summary>
    Task Stop();
}
