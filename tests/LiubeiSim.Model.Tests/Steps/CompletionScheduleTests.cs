using CsCheck;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Steps;

/// <summary>
/// A pipeline's completions kept as floats while the counts are whole read back the bits of a plain schedule of
/// doubles added to in the same order, through a widening past 2²⁴ and for the control path's fractional counts.
/// </summary>
public sealed class CompletionScheduleTests
{
    private const int Months = 5;
    private const int Count = 7;

    [Fact]
    public void Every_month_reads_the_bits_of_a_schedule_of_doubles()
    {
        // Whole counts, mostly small, sometimes past 2^24 (which widens the schedule), or any double when the
        // counts are not whole (the control path).
        var wholeCount = Gen.Frequency((8, Gen.Int[1, 40].Select(k => (double)k)), (1, Gen.Long[1L << 23, 1L << 26].Select(k => (double)k)));
        var gen =
            from whole in Gen.Bool
            from adds in Gen.Select(Gen.Int[0, Months - 1], Gen.Int[0, Count - 1], whole ? wholeCount : Gen.Double[0.001, 1e6]).Array[0, 60]
            select (whole, adds);
        gen.Sample(c =>
        {
            var schedule = new CompletionSchedule(Months, Count, c.whole);
            var expected = new double[Months * Count];
            foreach (var (month, i, started) in c.adds)
            {
                schedule.Add(month, i, started);
                expected[(month * Count) + i] += started;
                Assert.False(schedule.IsEmpty);
            }

            // Floats exactly when the counts are whole and no sum has passed 2^24 (counts are positive, so the final
            // sums are the largest), neither sooner widened nor later.
            Assert.Equal(c.whole && c.adds.Length > 0 && expected.All(v => v <= (1 << 24)), schedule.HoldsFloats);
            var row = new double[Count];
            for (var month = 0; month < Months; month++)
            {
                Array.Fill(row, double.NaN);
                schedule.CopyMonth(month, row);
                Assert.Equal(expected.Skip(month * Count).Take(Count).Select(BitConverter.DoubleToInt64Bits), row.Select(BitConverter.DoubleToInt64Bits));
            }
        });
    }

    [Fact]
    public void An_empty_schedule_reads_zeros_and_allocates_nothing_until_a_completion()
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var schedule = new CompletionSchedule(12, 2048, wholeCounts: true);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 1024);
        Assert.True(schedule.IsEmpty);
        var row = Enumerable.Repeat(double.NaN, 2048).ToArray();
        schedule.CopyMonth(3, row);
        Assert.All(row, v => Assert.Equal(0.0, v));

        // Whole counts take four bytes a month and replication, the control path's fractions eight.
        allocated = GC.GetAllocatedBytesForCurrentThread();
        schedule.Add(3, 5, 2);
        var floats = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var fractions = new CompletionSchedule(12, 2048, wholeCounts: false);
        allocated = GC.GetAllocatedBytesForCurrentThread();
        fractions.Add(3, 5, 0.25);
        var doubles = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.InRange(floats, 12 * 2048 * 4, (12 * 2048 * 4) + 256);
        Assert.InRange(doubles, 12 * 2048 * 8, (12 * 2048 * 8) + 256);
    }
}
