using LiubeiSim.Aggregation;

namespace LiubeiSim.Model.Engine;

/// <summary>A block of replications that a <see cref="RunDriver"/> advances month by month: a shard simulated here, or a shard grain.</summary>
public interface IShardStepper
{
    ReplicationBlock Block { get; }

    /// <summary>
    /// Steps horizon month <paramref name="month"/> and returns the reported value of every series, series-major over
    /// the block. The values must stay valid until the driver asks for the next month (it copies them before that).
    /// </summary>
    ValueTask<ReadOnlyMemory<double>> AdvanceMonth(int month, CancellationToken cancellationToken);
}
