using LiubeiSim.Aggregation;
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
    /// Runs one month through every entity and the district; returns the month's reported values: at stride 1 one
    /// array, series-major over the block; otherwise the sample, one array a series (each small enough to stay off the
    /// large-object heap of the run's silo). <see cref="ActivationLostException"/> when this activation is not at that
    /// month (it was lost and placed anew), so the run recomputes the shard.
    /// </summary>
    /// <param name="month">The month to step: the one after the last.</param>
    /// <param name="sampleStride">1 for every replication's values; larger for those whose run-wide index is a
    /// multiple of it (the run then asks for its statistics with the calls below, and the shard keeps the month).</param>
    /// <param name="cancellationToken">Cancels the entities' turns.</param>
    [Alias("AdvanceMonth")]
    Task<Immutable<double[][]>> AdvanceMonth(int month, int sampleStride, CancellationToken cancellationToken);

    /// <summary>Answers a round of the run's distributed selection about <paramref name="month"/>, the month last stepped.</summary>
    [Alias("Census")]
    Task<CensusAnswer> Census(int month, CensusQuestion question, CancellationToken cancellationToken);

    /// <summary>Each series' sum continued over the block's values of <paramref name="month"/>, in replication order.</summary>
    [Alias("ContinueSums")]
    Task<double[]> ContinueSums(int month, double[] sums, CancellationToken cancellationToken);

    /// <summary>How many of the block's replications meet each of the scenario's targets at <paramref name="month"/>.</summary>
    [Alias("CountTargetsMet")]
    Task<int[]> CountTargetsMet(int month, CancellationToken cancellationToken);

    [Alias("Stop")]
    Task Stop();
}
