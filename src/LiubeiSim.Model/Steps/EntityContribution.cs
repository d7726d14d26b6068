namespace LiubeiSim.Model.Steps;

/// <summary>
/// What one entity sends the district for one month: a few named channels (its kind says which), each a vector over
/// the block's replications, stored channel-major in one array so a month's message is one contiguous payload.
/// </summary>
public sealed class EntityContribution
{
    public EntityContribution(int channels, int count)
    {
        Channels = channels;
        Count = count;
        Values = new double[channels * count];
    }

    public int Channels { get; }

    public int Count { get; }

    /// <summary>Channel-major values: channel c of replication i at [c × Count + i].</summary>
    public double[] Values { get; }

    public Span<double> this[int channel] => Values.AsSpan(channel * Count, Count);

    public void Clear() => Array.Clear(Values);
}
