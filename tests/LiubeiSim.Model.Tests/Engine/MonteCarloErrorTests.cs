using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>The spread of the Monte Carlo mean across independent seeds shrinks about as 1/√R.</summary>
public sealed class MonteCarloErrorTests
{
    [Fact]
    public void Quadrupling_replications_about_halves_the_error_of_the_mean()
    {
        const int seeds = 12;
        double SpreadOfMeans(int replications)
        {
            var means = new double[seeds];
            for (var s = 0; s < seeds; s++)
            {
                means[s] = EngineScenarios.Run(EngineScenarios.Load("baseline-2023", replications, seed: (ulong)(1000 + s))).End(SeriesLayout.IndustrialOutput).Mean;
            }

            return Moments.StandardDeviation(means);
        }

        var small = SpreadOfMeans(50);
        var large = SpreadOfMeans(200);
        var ratio = small / large;
        // Expected 2; with 12 seeds the estimate of each spread is itself uncertain, so the bounds are generous.
        Assert.InRange(ratio, 1.2, 3.4);
    }
}
