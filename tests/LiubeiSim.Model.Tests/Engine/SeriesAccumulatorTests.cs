using CsCheck;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// A horizon of up to 12 months keeps running sums instead of the 12-month window; both must report the same bits
/// every month, for any values (signed zeros, subnormals and large magnitudes included), since the golden outputs rest on it.
/// </summary>
public sealed class SeriesAccumulatorTests
{
    [Fact]
    public void Running_sums_report_the_window_s_bits_every_month_of_a_year()
    {
        var value = Gen.OneOf(Gen.Double[-1e6, 1e6], Gen.Const(0.0), Gen.Const(-0.0), Gen.Double[-1e-300, 1e-300], Gen.Double[-1e300, 1e300]);
        Gen.Select(Gen.Int[1, 40], Gen.Int[1, 12]).SelectMany((n, months) => value.Array[SeriesLayout.Count * n * months].Select(values => (n, months, values)))
            .Sample(run =>
            {
                var (n, months, values) = run;
                var running = new SeriesAccumulator(n, months);
                var window = new SeriesAccumulator(n);
                var row = SeriesLayout.Count * n;
                for (var m = 0; m < months; m++)
                {
                    var raw = values.AsSpan(m * row, row);
                    var expected = window.Add(raw).ToArray();
                    var actual = running.Add(raw).ToArray();
                    Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
                }
            }, iter: 200);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(30)]
    public void Parts_writing_into_one_array_report_the_whole_block_s_bits(int months)
    {
        // How a grain shard's district reduces: each part of the block its own accumulator, all reporting into the
        // block's array, each fed raw values series-major over the part only. Parts of 3, 1 and 4 of 8 replications.
        var value = Gen.OneOf(Gen.Double[-1e6, 1e6], Gen.Const(0.0), Gen.Const(-0.0), Gen.Double[-1e300, 1e300]);
        int[] parts = [3, 1, 4];
        var n = parts.Sum();
        value.Array[SeriesLayout.Count * n * months].Sample(values =>
        {
            var whole = new SeriesAccumulator(n, months);
            var reported = new double[SeriesLayout.Count * n];
            var offsets = parts.Select((count, i) => parts.Take(i).Sum()).ToArray();
            var split = parts.Select((count, i) => new SeriesAccumulator(count, months, reported, offsets[i], n)).ToArray();
            var row = SeriesLayout.Count * n;
            for (var m = 0; m < months; m++)
            {
                var raw = values.AsSpan(m * row, row);
                var expected = whole.Add(raw).ToArray();

                // Last part first in even months, first part first in odd ones: a part that wrote outside its own
                // columns, on either side, would leave the wrong values behind in one of them.
                for (var k = 0; k < parts.Length; k++)
                {
                    var i = m % 2 == 0 ? parts.Length - 1 - k : k;
                    // The part's raw values: each series' slice of the block's, series-major over the part.
                    var own = new double[SeriesLayout.Count * parts[i]];
                    for (var series = 0; series < SeriesLayout.Count; series++)
                    {
                        raw.Slice((series * n) + offsets[i], parts[i]).CopyTo(own.AsSpan(series * parts[i]));
                    }

                    split[i].Add(own);
                }

                Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), reported.Select(BitConverter.DoubleToInt64Bits));
            }
        }, iter: 50);
    }

    [Fact]
    public void A_part_that_does_not_fit_its_block_is_refused()
    {
        var reported = new double[SeriesLayout.Count * 8];
        Assert.Throws<ArgumentException>(() => new SeriesAccumulator(4, 12, reported, 5, 8));
        Assert.Throws<ArgumentException>(() => new SeriesAccumulator(4, 12, new double[SeriesLayout.Count * 7], 0, 8));
        Assert.Throws<ArgumentException>(() => new SeriesAccumulator(-1, 12, reported, 0, 8));
    }

    [Fact]
    public void A_running_accumulator_refuses_a_thirteenth_month()
    {
        var running = new SeriesAccumulator(2, 12);
        var raw = new double[SeriesLayout.Count * 2];
        for (var m = 0; m < 12; m++)
        {
            running.Add(raw);
        }

        Assert.Throws<InvalidOperationException>(() => running.Add(raw));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(120)]
    public void Its_bytes_per_replication_are_what_it_allocates(int months)
    {
        // What the admission estimate adds for the accumulator must be what one really allocates, per replication: the
        // growth from 4,000 to 8,000 replications, each the least of three (CI once saw 112 bytes more than the usual
        // fixed part at 4,000, past a bound of one byte per replication).
        var atFour = Allocated(4_000, months);
        var atEight = Allocated(8_000, months);

        // Within a byte: large arrays are laid out with a little padding (0.7 byte per replication at 13 months).
        Assert.InRange((atEight - atFour) / 4_000.0, SeriesAccumulator.BytesPerReplication(months), SeriesAccumulator.BytesPerReplication(months) + 1.0);

        // The fixed part (arrays' headers, the reducers' list) stays small.
        Assert.InRange(atFour - (4_000 * SeriesAccumulator.BytesPerReplication(months)), 0, 16_384);
    }

    /// <summary>
    /// Bytes allocated on this thread by an accumulator of <paramref name="replications"/>: the least of three, since
    /// whatever the runtime allocates once on the thread meanwhile only adds.
    /// </summary>
    private static long Allocated(int replications, int months)
    {
        // The first accumulator of a process also builds the series layout from the indicator catalogue (megabytes,
        // once): build one before measuring, so the figure is the accumulator's alone whichever case runs first.
        GC.KeepAlive(new SeriesAccumulator(1, months));
        var least = long.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var accumulator = new SeriesAccumulator(replications, months);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            GC.KeepAlive(accumulator);
        }

        return least;
    }
}
