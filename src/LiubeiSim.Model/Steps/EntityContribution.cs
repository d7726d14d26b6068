namespace LiubeiSim.Model.Steps;

/// <summary>
/// What one entity sends the district for one month: a few named channels (its kind says which), each a vector over
/// the block's replications, stored channel-major in one array so a month's message is one contiguous payload.
/// </summary>
/// <remarks>
/// A step may say a channel holds only zeros this month (<see cref="SetZero"/>) instead of writing every value: the
/// district then adds nothing for it, which gives the sums' bits (its totals start at +0 and never hold −0, so adding +0
/// changes none of them). Most of a named project's channels are zero in most months (no start, no completion, no
/// ramp), so this saves the writes and the additions. Writing through the indexer makes a channel count as written.
/// </remarks>
public sealed class EntityContribution
{
    /// <summary>Per channel: known to hold only +0 this month. Nothing is known of a new contribution (nor of one copied in).</summary>
    private readonly bool[] _zero;

    public EntityContribution(int channels, int count)
    {
        Channels = channels;
        Count = count;
        Values = new double[channels * count];
        _zero = new bool[channels];
    }

    public int Channels { get; }

    public int Count { get; }

    /// <summary>
    /// Channel-major values: channel c of replication i at [c × Count + i]. To read; a step writes through the
    /// indexer, which a channel said to be zero needs so that it counts as written again.
    /// </summary>
    public double[] Values { get; }

    /// <summary>A channel to write this month's values into.</summary>
    public Span<double> this[int channel]
    {
        get
        {
            _zero[channel] = false;
            return Values.AsSpan(channel * Count, Count);
        }
    }

    /// <summary>A channel's values, to read.</summary>
    public ReadOnlySpan<double> Read(int channel) => Values.AsSpan(channel * Count, Count);

    /// <summary>Whether the step said this month that the channel holds only zeros.</summary>
    public bool IsZero(int channel) => _zero[channel];

    /// <summary>This month the channel holds only zeros: cleared unless it already was.</summary>
    public void SetZero(int channel)
    {
        if (!_zero[channel])
        {
            Values.AsSpan(channel * Count, Count).Clear();
            _zero[channel] = true;
        }
    }

    /// <summary>Every channel holds only zeros this month.</summary>
    public void Clear()
    {
        for (var channel = 0; channel < Channels; channel++)
        {
            SetZero(channel);
        }
    }
}
