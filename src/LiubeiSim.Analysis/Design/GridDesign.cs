using System.Globalization;

namespace LiubeiSim.Analysis.Design;

/// <summary>
/// The full factorial over each factor's <see cref="Factor.GridValues"/>: every combination once, the first factor
/// varying slowest and the last fastest (as nested loops written in factor order).
/// </summary>
public sealed class GridDesign : IDesign
{
    /// <summary>The default largest number of points a grid may have.</summary>
    public const int DefaultLimit = 100_000;

    private readonly Factor[] factors;
    private readonly IReadOnlyList<double>[] values;

    /// <param name="factors">The factors, at least one, names distinct.</param>
    /// <param name="limit">The largest number of points allowed, at least 1; a grid grows as the product of its steps, so this stops a typo from asking for billions of runs.</param>
    /// <exception cref="ArgumentException">The factors are invalid, or the grid has more points than <paramref name="limit"/>.</exception>
    public GridDesign(IReadOnlyList<Factor> factors, int limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        this.factors = FactorList.Check(factors, nameof(factors));
        values = [.. this.factors.Select(f => f.GridValues())];

        // In double, so the count in the message is right even when the product would overflow an integer.
        var count = values.Aggregate(1.0, (product, v) => product * v.Count);
        if (count > limit)
        {
            var shape = string.Join(" × ", this.factors.Select(f => $"{f.Name} ({f.Steps})"));
            throw new ArgumentException(
                string.Format(
                    CultureInfo.InvariantCulture,
                    "The grid {0} has {1:N0} points, more than the limit of {2:N0}: use fewer steps, or a Latin hypercube or Sobol design.",
                    shape,
                    count,
                    limit),
                nameof(factors));
        }

        Count = (int)count;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Factor> Factors => factors;

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double[]> Points()
    {
        var points = new double[Count][];
        for (var index = 0; index < Count; index++)
        {
            // Mixed-radix digits of the index, the last factor the least significant digit.
            var point = new double[factors.Length];
            var rest = index;
            for (var j = factors.Length - 1; j >= 0; j--)
            {
                var radix = values[j].Count;
                point[j] = values[j][rest % radix];
                rest /= radix;
            }

            points[index] = point;
        }

        return points;
    }
}
