using LiubeiSim.Model.Engine;

namespace LiubeiSim.Analysis.Comparison;

/// <summary>Two runs of one horizon, seed and replication count, and the paired differences B − A of every series and month.</summary>
/// <param name="A">The reference run (a control, or the first scenario).</param>
/// <param name="B">The alternative.</param>
/// <param name="Differences">Month-major: <c>[month * SeriesLayout.Count + series]</c>.</param>
/// <param name="Paired">True when B used A's seed (common random numbers); false for the unpaired contrast.</param>
public sealed record ComparisonResult(RunResult A, RunResult B, DifferenceStatistics[] Differences, bool Paired)
{
    public int Months => A.Months;

    public DifferenceStatistics At(int month, int series) => Differences[(month * SeriesLayout.Count) + series];

    public DifferenceStatistics End(int series) => At(Months - 1, series);

    public DifferenceStatistics End(string indicator, string scope = SeriesKey.DistrictScope)
    {
        var index = SeriesLayout.IndexOf(indicator, scope);
        return index < 0 ? throw new KeyNotFoundException($"No series {indicator} for scope {scope}.") : End(index);
    }

    /// <summary>Each target of A with its probability in A and, when B has the same target (by name), in B.</summary>
    public IReadOnlyList<TargetChange> Targets()
    {
        var inB = B.Targets.GroupBy(t => t.Target.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changes = A.Targets.Select(t => new TargetChange(t.Target, t.Probability, inB.TryGetValue(t.Target.Name, out var b) && b.Target == t.Target ? b.Probability : null)).ToList();
        var inA = A.Targets.Select(t => t.Target.Name).ToHashSet(StringComparer.Ordinal);
        changes.AddRange(B.Targets.Where(t => !inA.Contains(t.Target.Name)).Select(t => new TargetChange(t.Target, null, t.Probability)));
        return changes;
    }
}

/// <summary>A target's probability in A and in B (null where that scenario does not have it, or has it with another threshold).</summary>
public sealed record TargetChange(Model.Scenarios.Target Target, double? ProbabilityA, double? ProbabilityB)
{
    public double? Change => ProbabilityA is { } a && ProbabilityB is { } b ? b - a : null;
}
