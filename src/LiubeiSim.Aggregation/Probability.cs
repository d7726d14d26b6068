namespace LiubeiSim.Aggregation;

/// <summary>
/// Probability of meeting a target, estimated as the fraction of replications that meet it.
/// The comparisons match <c>Target.IsMet</c>: at least means ≥, at most means ≤.
/// A NaN value meets no threshold.
/// </summary>
public static class Probability
{
    /// <summary>count(values[i] ≥ threshold) / n.</summary>
    /// <exception cref="ArgumentException">values is empty or threshold is NaN.</exception>
    public static double FractionAtLeast(ReadOnlySpan<double> values, double threshold)
    {
        Check(values, threshold);
        var count = 0;
        foreach (var value in values)
        {
            if (value >= threshold)
            {
                count++;
            }
        }

        return (double)count / values.Length;
    }

    /// <summary>count(values[i] ≤ threshold) / n.</summary>
    /// <exception cref="ArgumentException">values is empty or threshold is NaN.</exception>
    public static double FractionAtMost(ReadOnlySpan<double> values, double threshold)
    {
        Check(values, threshold);
        var count = 0;
        foreach (var value in values)
        {
            if (value <= threshold)
            {
                count++;
            }
        }

        return (double)count / values.Length;
    }

    private static void Check(ReadOnlySpan<double> values, double threshold)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("A fraction of replications needs at least one replication.", nameof(values));
        }

        // A NaN threshold would silently report 0 for every target.
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("threshold is NaN.", nameof(threshold));
        }
    }
}
