using LiubeiSim.Aggregation;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// What a shard of a spread run (<see cref="SpreadMonth"/>) reuses from one month to the next: the array its sample
/// goes out in and its censuses' buffers (<see cref="CensusBuffers"/>). Fresh ones each month were large arrays for a
/// large block (a read buffer of 0.7 MB for a block of 83,334 replications, and a sample of about 0.3 MB in a run of a
/// million), garbage that only a full collection frees, so a silo held more than its share of a run; these grow to
/// what the block needs once and stay.
/// </summary>
/// <remarks>
/// The run reads a month's sample before it asks the shard for the next month (its statistics need every sample),
/// so the next month may overwrite it; and it asks only about the month last stepped, so one census at a time.
/// </remarks>
public sealed class SpreadBuffers
{
    private readonly CensusBuffers _census = new();
    private double[] _sample = [];

    /// <summary><see cref="SpreadMonth.Sample"/> into this shard's sample array (the values themselves at stride 1).</summary>
    public ReadOnlyMemory<double> Sample(ReadOnlyMemory<double> reported, ReplicationBlock block, int stride)
    {
        if (stride == 1)
        {
            return reported;
        }

        var length = SeriesLayout.Count * SpreadMonth.Sampled(block, stride).Count;
        if (_sample.Length != length)
        {
            _sample = new double[length];
        }

        SpreadMonth.Sample(reported.Span, block, stride, _sample);
        return _sample;
    }

    /// <summary>A census of the month's values with this shard's buffers (the previous month's census is not asked again).</summary>
    public ShardCensus Census(ReadOnlyMemory<double> reported, ReplicationBlock block) =>
        new(reported, block.Count, block.Start, _census);
}
