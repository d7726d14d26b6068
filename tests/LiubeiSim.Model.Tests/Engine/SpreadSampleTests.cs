using System.Globalization;
using CsCheck;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// A shard's sample sent one array a series (as a grain shard sends it) and joined by the run must be the sample the
/// one-array form takes: the same values at the same places, for any block and stride; and an answer of another shape
/// is refused naming what is wrong.
/// </summary>
public sealed class SpreadSampleTests
{
    [Fact]
    public void A_sample_by_series_joined_is_the_one_array_sample_for_any_block_and_stride()
    {
        var gen =
            from start in Gen.Int[0, 500]
            from count in Gen.Int[0, 60]
            from stride in Gen.Int[2, 40]
            from values in Gen.Double.Array[SeriesLayout.Count * count]
            select (Block: new ReplicationBlock(start, count), stride, values);
        gen.Sample(c =>
        {
            // Cases run on several threads at once, so each has its own buffers (a shard's are used one turn at a
            // time); each first takes a replayed month's sample (one value a series), so the arrays are made again.
            var buffers = new SpreadBuffers();
            var joined = Array.Empty<double>();
            var replayed = buffers.SampleBySeries(c.values, c.Block, int.MaxValue);
            SpreadMonth.JoinSample(replayed, c.Block, int.MaxValue, ref joined, "shard 0");

            // Expected from the run-wide rule itself: the replications whose index is a multiple of the stride.
            var kept = Enumerable.Range(0, c.Block.Count).Where(i => (c.Block.Start + i) % c.stride == 0).ToArray();
            var expected = Enumerable.Range(0, SeriesLayout.Count).SelectMany(s => kept.Select(i => c.values[(s * c.Block.Count) + i])).ToArray();

            var one = new double[expected.Length];
            SpreadMonth.Sample(c.values, c.Block, c.stride, one);
            Assert.Equal(BitsOf(expected), BitsOf(one));

            var bySeries = buffers.SampleBySeries(c.values, c.Block, c.stride);
            Assert.All(bySeries, series => Assert.Equal(kept.Length, series.Length));
            Assert.Equal(BitsOf(expected), BitsOf(SpreadMonth.JoinSample(bySeries, c.Block, c.stride, ref joined, "shard 0").ToArray()));
        }, iter: 300);
    }

    [Fact]
    public void A_shard_keeps_its_sample_arrays_while_the_sample_s_size_stays()
    {
        var buffers = new SpreadBuffers();
        var block = new ReplicationBlock(0, 100);
        var values = new double[SeriesLayout.Count * block.Count];
        var first = buffers.SampleBySeries(values, block, 7);
        Assert.Same(first, buffers.SampleBySeries(values, block, 7));
        Assert.NotSame(first, buffers.SampleBySeries(values, block, int.MaxValue)); // a replayed month: one value a series
        Assert.Throws<ArgumentOutOfRangeException>(() => buffers.SampleBySeries(values, block, 1));
    }

    [Fact]
    public void An_answer_of_another_shape_is_refused_naming_the_series_and_the_values_asked_for()
    {
        var block = new ReplicationBlock(10, 20);
        var count = SpreadMonth.Sampled(block, 4).Count;
        var into = Array.Empty<double>();
        double[][] Good() => [.. Enumerable.Range(0, SeriesLayout.Count).Select(_ => new double[count])];

        var none = Assert.Throws<InvalidDataException>(() => SpreadMonth.JoinSample(null, block, 4, ref into, "shard 2 (month 5)"));
        Assert.Contains("shard 2 (month 5) sent a sample of no series", none.Message, StringComparison.Ordinal);

        var fewer = Assert.Throws<InvalidDataException>(() => SpreadMonth.JoinSample([.. Good().Skip(1)], block, 4, ref into, "shard 2"));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{SeriesLayout.Count - 1} series; {SeriesLayout.Count} series of {count} values"), fewer.Message, StringComparison.Ordinal);

        var shortSeries = Good();
        shortSeries[3] = new double[count - 1];
        var bad = Assert.Throws<InvalidDataException>(() => SpreadMonth.JoinSample(shortSeries, block, 4, ref into, "shard 2"));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"sent {count - 1} values for series 3 ({SeriesLayout.All[3].Indicator.Id}, {SeriesLayout.All[3].Scope}); {count} were asked for"), bad.Message, StringComparison.Ordinal);

        var missing = Good();
        missing[0] = null!;
        Assert.Contains("sent no values for series 0", Assert.Throws<InvalidDataException>(() => SpreadMonth.JoinSample(missing, block, 4, ref into, "shard 2")).Message, StringComparison.Ordinal);

        // Nothing was written: the caller's array is as it was.
        Assert.Empty(into);
    }

    /// <summary>Compared bit for bit (NaN payloads and −0.0 included), which Assert.Equal on doubles would not.</summary>
    private static long[] BitsOf(IEnumerable<double> values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
