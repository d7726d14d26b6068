namespace LiubeiSim.Aggregation;

/// <summary>
/// Mean and spread of a vector over replications. Every sum runs in increasing index order, so once
/// shards are merged in replication order the results do not depend on how the replications were split.
/// </summary>
public static class Moments
{
    /// <summary><see cref="FixedOrderSum.Sum"/> of the values, divided by n.</summary>
    /// <exception cref="ArgumentException">values is empty.</exception>
    public static double Mean(ReadOnlySpan<double> values)
    {
        RequireAtLeast(values, 1);
        return FixedOrderSum.Sum(values) / values.Length;
    }

    /// <summary>
    /// Sample standard deviation, √(Σ (x_i − mean)² / (n − 1)), with the squares added in increasing i.
    /// Two passes rather than a running update: less cancellation, and the order is easy to state.
    /// </summary>
    /// <exception cref="ArgumentException">values has fewer than two elements.</exception>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        RequireAtLeast(values, 2);
        var mean = FixedOrderSum.Sum(values) / values.Length;
        var squares = 0.0;
        foreach (var value in values)
        {
            var deviation = value - mean;
            squares += deviation * deviation;
        }

        return Math.Sqrt(squares / (values.Length - 1));
    }

    /// <summary>Standard error of the mean: <see cref="StandardDeviation"/> / √n.</summary>
    /// <exception cref="ArgumentException">values has fewer than two elements.</exception>
    public static double StandardError(ReadOnlySpan<double> values) =>
        StandardDeviation(values) / Math.Sqrt(values.Length);

    private static void RequireAtLeast(ReadOnlySpan<double> values, int minimum)
    {
        if (values.Length < minimum)
        {
            throw new ArgumentException(
                $"values has {values.Length} elements; at least {minimum} needed.", nameof(values));
        }
    }
}
