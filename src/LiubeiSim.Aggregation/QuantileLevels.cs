using System.Collections.Immutable;

namespace LiubeiSim.Aggregation;

/// <summary>The probability levels reported for every indicator, with the column names reports use for them.</summary>
public static class QuantileLevels
{
    /// <summary>P5, P10, P50, P90, P95, in increasing order.</summary>
    /// <remarks>A span over constant data: no allocation per call, and callers cannot change the levels.</remarks>
    public static ReadOnlySpan<double> Standard => [0.05, 0.10, 0.50, 0.90, 0.95];

    /// <summary>Names of <see cref="Standard"/>, index for index.</summary>
    public static ImmutableArray<string> StandardNames { get; } = ["p5", "p10", "p50", "p90", "p95"];
}
