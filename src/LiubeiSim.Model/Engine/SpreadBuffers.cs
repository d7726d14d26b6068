using LiubeiSim.Aggregation;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// What a shard of a spread run (<see cref="SpreadMonth"/>) reuses from one month to the next: the arrays its sample
/// goes out in and its censuses' buffers (<see cref="CensusBuffers"/>). Fresh ones each month were large arrays for a
/// large block (a read buffer of 0.7 MB for a block of 83,334 replications, and a sample of about 0.3 MB in a run of a
/// million), garbage that only a full collection frees, so a silo held more than its share of a run; these grow to
/// what the block needs once and stay.
/// </summary>
/// <remarks>
/// The run reads a month's sample before it asks the shard for the next month (its statistics need every sample), so
/// only the next month overwrites it: the arrays may go to the run by reference (a call within the silo) or be
/// serialised after the shard's turn. The run asks only about the month last stepped, so one census at a time.
/// </remarks>
public sealed class SpreadBuffers
{
    private readonly CensusBuffers _census = new();
    private double[] _sample = [];
    private double[][] _series = [];

    /// <summary><see cref="SpreadMonth.Sample(ReadOnlySpan{double}, ReplicationBlock, int, Span{double})"/> into this shard's sample array (the values themselves at stride 1).</summary>
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

    /// <summary>
    /// The sample into this shard's arrays, one a series, for a sample that crosses the wire
    /// (<see cref="SpreadMonth.Sample(ReadOnlySpan{double}, ReplicationBlock, int, double[][])"/>): a series' sample
    /// stays under the large-object threshold (<see cref="SpreadOptions.DefaultSample"/>), so the copy the run's silo
    /// reads off the wire is short-lived garbage, where one array of every series was a large object there (0.3 MB a
    /// shard-month in a run of a million) that only a full collection freed.
    /// </summary>
    public double[][] SampleBySeries(ReadOnlySpan<double> reported, ReplicationBlock block, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 2);
        var count = SpreadMonth.Sampled(block, stride).Count;
        if (_series.Length != SeriesLayout.Count || _series[0].Length != count)
        {
            _series = [.. Enumerable.Range(0, SeriesLayout.Count).Select(_ => new double[count])];
        }

        SpreadMonth.Sample(reported, block, stride, _series);
        return _series;
    }

    /// <summary>A census of the month's values with this shard's buffers (the previous month's census is not asked again).</summary>
    public ShardCensus Census(ReadOnlyMemory<double> reported, ReplicationBlock block) =>
        new(reported, block.Count, block.Start, _census);
}
