using LiubeiSim.Aggregation;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// The parts a grain shard steps its block in: each month, every entity advances one part and the district reduces
/// it before the next part begins, so a shard's contributions and raw values are one part's instead of the whole
/// block's, held by every entity for the whole run (about 2 KB a replication).
/// </summary>
/// <remarks>Any split gives the same bits: every draw is by replication index, and the reduce is per replication.</remarks>
public static class ShardParts
{
    /// <summary>
    /// Largest part. Each part is a round of grain calls (one per entity and the reduce: 34 for the district as
    /// reported), so smaller parts trade CPU for memory: at 100,000 replications on two cores (four shards), Orleans'
    /// CPU time over the in-process engine's read 1.07–1.11 with parts of 8,192, 1.14–1.16 with 4,096, 1.04–1.38
    /// with 2,048 and 1.22–1.33 with 1,024, against 1.20–1.26 with whole blocks; a 1,000,000-replication run peaked
    /// at 3,374 MiB with 8,192 (3,080 MiB with 2,048) against 4,779 MiB with whole blocks (benchmarks/README.md, "Beside the
    /// run" of 30 November 2026, 20:08 UTC).
    /// </summary>
    public const int Replications = 8_192;

    /// <summary>The block's parts, in order, each at most <see cref="Replications"/>, sizes differing by at most one.</summary>
    public static ReplicationBlock[] Of(ReplicationBlock block)
    {
        if (block.Count <= Replications)
        {
            return [block];
        }

        var parts = ReplicationBlocks.Split(block.Count, (block.Count + Replications - 1) / Replications);
        return Array.ConvertAll(parts, part => new ReplicationBlock(block.Start + part.Start, part.Count));
    }
}
