using LiubeiSim.Aggregation;

namespace LiubeiSim.Model.Engine;

/// <summary>A block of replications that a <see cref="RunDriver"/> advances month by month: a shard simulated here, or a shard grain.</summary>
public interface IShardStepper
{
    ReplicationBlock Block { get; }

    /// <summary>
    /// Steps horizon month <paramref name="month"/> and returns the reported value of every series, series-major over
    /// the block's replications whose run-wide index is a multiple of <paramref name="sampleStride"/> (stride 1: every
    /// one). The values must stay valid until the driver asks for the next month (it reads them in place until then); the
    /// shard keeps the whole month's values until then, for the questions below. A stepper that writes into its run's
    /// matrix (<see cref="IWritesIntoRun"/>, only ever driven by <see cref="RunDriver"/>) returns nothing at stride 1.
    /// </summary>
    ValueTask<ReadOnlyMemory<double>> AdvanceMonth(int month, int sampleStride, CancellationToken cancellationToken);

    /// <summary>Answers a round of a distributed selection (<see cref="SpreadSelection"/>) about month <paramref name="month"/>, the one last stepped.</summary>
    ValueTask<CensusAnswer> Census(int month, CensusQuestion question, CancellationToken cancellationToken);

    /// <summary>Each series' sum continued over the block's values of <paramref name="month"/>, left to right from <paramref name="sums"/>.</summary>
    ValueTask<double[]> ContinueSums(int month, double[] sums, CancellationToken cancellationToken);

    /// <summary>How many of the block's replications meet each of the scenario's targets at <paramref name="month"/> (the horizon's last).</summary>
    ValueTask<int[]> CountTargetsMet(int month, CancellationToken cancellationToken);
}

/// <summary>
/// A stepper of this process that writes its block's reported values straight into a matrix of the run's
/// (<see cref="ShardSimulation.RunValues"/>): the driver registers its block there instead of copying its values.
/// </summary>
internal interface IWritesIntoRun
{
    double[]? RunValues { get; }
}
