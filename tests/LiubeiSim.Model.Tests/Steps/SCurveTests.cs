using LiubeiSim.Model.Parameters;

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
}
