using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Randomness;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Steps;

/// <summary>
/// A pipeline's history skips working out the normal of a cohort whose build's uniform lies below the month's reach:
/// that is only safe if every such uniform gives a build too short to reach the horizon.
/// </summary>
public sealed class PipelineHistoryTests
{
    public static TheoryData<string> ScenarioNames { get; } = [.. ScenarioLibrary.Names];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Every_uniform_below_the_reach_gives_a_shorter_build_and_just_above_it_one_reaches(string name)
    {
        var dynamics = ModelParameters.Build(BaseYearDataset.Default, ScenarioLibrary.Load(name), null).ProjectDynamics;
        var random = new Random(2026);
        var between = 0;
        for (var months = 1; months <= dynamics.MaxConstructionMonths + dynamics.MaxDelay + 1; months++)
        {
            var reach = PipelineStep.ReachFrom(dynamics, months);
            Assert.InRange(reach, 0, 1);
            if (reach >= Math.BitDecrement(1.0))
            {
                // No build is that long (or none that a uniform below 1 gives): even the most extreme draw falls short.
                Assert.True(PipelineStep.PlannedDuration(dynamics, Distributions.InverseNormal(Math.BitDecrement(1.0))) < months, $"{months} months: a build reaches");
                continue;
            }

            if (reach == 0)
            {
                continue;
            }

            between++;

            // Ulp by ulp just below the reach, and at random further below: every build is shorter.
            var u = Math.BitDecrement(reach);
            for (var k = 0; k < 2000; k++, u = Math.BitDecrement(u))
            {
                Assert.True(PipelineStep.PlannedDuration(dynamics, Distributions.InverseNormal(u)) < months, $"{months} months: u = {u:R} reaches");
            }

            for (var k = 0; k < 2000; k++)
            {
                var below = random.NextDouble() * reach;
                if (below > 0)
                {
                    Assert.True(PipelineStep.PlannedDuration(dynamics, Distributions.InverseNormal(below)) < months, $"{months} months: u = {below:R} reaches");
                }
            }

            // Not far below the builds that do reach (else nothing would be skipped): within a thousandth of the rest
            // above it, or within a few hundred representable uniforms where the rest is down to a few of them.
            var above = Math.Min(Math.Max(reach + ((1 - reach) * 1e-3), reach), Math.BitDecrement(1.0));
            var near = reach;
            for (var k = 0; k < 300 && near < Math.BitDecrement(1.0); k++)
            {
                near = Math.BitIncrement(near);
            }

            var reaches = PipelineStep.PlannedDuration(dynamics, Distributions.InverseNormal(Math.Max(above, near))) >= months;
            Assert.True(reaches, $"{months} months: nothing up to u = {Math.Max(above, near):R} reaches (reach {reach:R})");
        }

        Assert.True(between >= 10, $"months with a reach strictly inside (0, 1): {between}");
    }
}
