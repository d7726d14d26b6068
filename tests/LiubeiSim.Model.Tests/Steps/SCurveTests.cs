using CsCheck;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Steps;

/// <summary>A build's row of S-curve shares, which a pipeline's schedule reads in place of one lookup a month.</summary>
public sealed class SCurveTests
{
    [Fact]
    public void A_builds_row_holds_the_share_of_each_of_its_months_and_spends_the_whole_build()
    {
        for (var duration = 1; duration <= 64; duration++)
        {
            var row = ProjectDynamics.SCurveRow(duration);
            Assert.Equal(duration, row.Length);
            var total = 0.0;
            for (var k = 0; k < duration; k++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(ProjectDynamics.SCurve(k, duration)), BitConverter.DoubleToInt64Bits(row[k]));
                Assert.True(row[k] > 0, $"build of {duration}, month {k}: {row[k]}");
                total += row[k];
            }

            Assert.Equal(1.0, total, 12);
        }

        // Longer builds, and none, are not in the table: the schedule asks SCurve itself.
        Assert.True(ProjectDynamics.SCurveRow(65).IsEmpty);
        Assert.True(ProjectDynamics.SCurveRow(0).IsEmpty);
        Assert.True(ProjectDynamics.SCurveRow(-3).IsEmpty);
    }

    /// <summary>
    /// A cohort's spending as the pipeline schedules it (the S-curve row where the build runs as planned or had spent
    /// nothing when delayed, Spend otherwise) against Spend month by month: the same bits, for builds before, across and
    /// inside the horizon, delayed or not, up to 130 months (past the table's 64).
    /// </summary>
    [Fact]
    public void A_cohorts_scheduled_spending_is_Spend_month_by_month()
    {
        const int h0 = 500;
        const int n = 3;
        var gen =
            from months in Gen.Int[1, 40]
            from t in Gen.Int[h0 - 70, h0 + 39]
            from planned in Gen.Int[1, 70]
            from delay in Gen.Frequency((2, Gen.Const(0)), (3, Gen.Int[1, 60]))
            from i in Gen.Int[0, n - 1]
            from started in Gen.Int[1, 9]
            from perProject in Gen.Double[0.01, 50]
            select (months, t, planned, end: t + planned + delay, i, started: (double)started, perProject);
        gen.Sample(c =>
        {
            var schedule = new double[c.months * n];
            PipelineStep.ScheduleSpending(schedule, n, c.i, h0, c.months, c.t, c.planned, c.end, c.started, c.perProject);
            var expected = new double[c.months * n];
            var from = Math.Max(c.t, h0);
            for (var m = from; m < Math.Min(c.end, h0 + c.months); m++)
            {
                expected[((m - h0) * n) + c.i] += c.started * c.perProject * ProjectDynamics.Spend(m, c.t, c.t + c.planned, from, c.end);
            }

            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), schedule.Select(BitConverter.DoubleToInt64Bits));
        });
    }
}
