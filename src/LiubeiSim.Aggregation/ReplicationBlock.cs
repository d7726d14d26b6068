namespace LiubeiSim.Aggregation;

/// <summary>A contiguous run of replications, [Start, Start + Count), computed together as one shard.</summary>
/// <param name="Start">Index of the first replication.</param>
/// <param name="Count">Number of replications.</param>
public readonly record struct ReplicationBlock(int Start, int Count)
{
    /// <summary>One past the last replication.</summary>
    public int End => Start + Count;
}
