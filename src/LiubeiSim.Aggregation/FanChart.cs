namespace LiubeiSim.Aggregation;

/// <summary>Quantile bands over time for a fan chart.</summary>
public static class FanChart
{
    /// <summary>
    /// Given T months × R replications (month-major: month t's vector over replications at [t·R, (t+1)·R)),
    /// writes T × Q bands (month-major): destination[t·Q + j] is the <see cref="Quantiles"/> type-7 quantile
    /// of month t at probabilities[j]. R = monthMajor.Length / months.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes do not agree, there are no replications, or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">months is negative, or a probability is NaN or outside [0, 1].</exception>
    public static void Bands(ReadOnlySpan<double> monthMajor, int months, ReadOnlySpan<double> probabilities, Span<double> destination) =>
        Quantiles.ComputeColumns(monthMajor, months, probabilities, destination);
}
