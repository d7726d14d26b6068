using System.Globalization;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Host.Comparisons;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Admission;

/// <summary>The memory checks of comparisons and sweeps, with the estimator the run catalog uses for runs.</summary>
public static class ComparisonMemory
{
    /// <summary>422 naming the estimate, the budget and the most replications that would fit; null when it fits.</summary>
    public static IResult? TooLarge(CompareRequestReader.Comparison comparison, RunCost cost, MemoryBudget budget)
    {
        if (cost.PeakBytes <= budget.Bytes)
        {
            return null;
        }

        // Both sides hold the same replications: each gets half the budget.
        var most = Math.Min(
            RunCostEstimator.MaxReplications(ModelParameters.Build(BaseYearDataset.Default, comparison.A, null), RunEngine.InProcess, budget.Bytes / 2, _ => 0),
            RunCostEstimator.MaxReplications(ModelParameters.Build(BaseYearDataset.Default, comparison.B, null), RunEngine.InProcess, budget.Bytes / 2, _ => 0));
        var change = most > 0
            ? string.Create(CultureInfo.InvariantCulture, $"compare at most {most:N0} replications here, or fewer months or synthetic firms; or `liubeisim compare` on a machine of your own")
            : "a shorter horizon or fewer synthetic firms; or `liubeisim compare` on a machine of your own";
        return RefusalProblems.TooLarge(RefusalProblems.MemoryDetail("this comparison (both sides held at once)", cost, budget, change), cost.PeakBytes, budget.Bytes, most);
    }
}

/// <summary>What a sweep's points cost: each is a run on the cluster's grains, <c>Sweeps:Parallel</c> of them at once.</summary>
public static class SweepMemory
{
    /// <summary>The largest point, as the sweep worker runs it: on grains, with the default shards.</summary>
    public static RunCost LargestPoint(IEnumerable<Scenario> points) =>
        RunCostEstimator.Largest(points, RunEngine.Grains, OrleansEngine.DefaultShards);

    /// <summary>422 when even one point does not fit the budget; null when it does (points then run as many at once as fit).</summary>
    public static IResult? TooLarge(RunCost point, MemoryBudget budget) =>
        point.PeakBytes <= budget.Bytes
            ? null
            : RefusalProblems.TooLarge(
                RefusalProblems.MemoryDetail("the largest point of this sweep", point, budget, "fewer replications, months or synthetic firms per point; or `liubeisim sweep` on a machine of your own"),
                point.PeakBytes,
                budget.Bytes,
                0);
}
