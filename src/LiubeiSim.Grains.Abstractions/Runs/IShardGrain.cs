using LiubeiSim.Grains.Messages;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// A block of replications of one run: owns one activation of every entity of the district and drives their months.
/// Cancelling the token of a call cancels the entity turns it queued (Orleans carries the cancellation across silos).
/// </summary>
[Alias("LiubeiSim.Grains.Runs.IShardGrain")]
public interface IShardGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(ShardSetup setup, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one month through every entity and the district; returns the month's reported values, series-major over
    /// the block. <see cref="ActivationLostException"/> when this activation is not at that month (it was lost and
    /// placed anew), so the run recomputes the shard.
    /// </summary>
    [Alias("AdvanceMonth")]
    Task<Immutable<double[]>> AdvanceMonth(int month, CancellationToken cancellationToken);

    [Alias("Stop")]
    Task Stop();
}
