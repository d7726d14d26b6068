namespace LiubeiSim.Analysis.Design;

/// <summary>
/// One input a design varies, e.g. "levers.sgmw_demand_growth", over the closed range [<see cref="Min"/>, <see cref="Max"/>].
/// </summary>
/// <remarks>
/// A grid takes <see cref="Values"/> when they are given, otherwise <see cref="Steps"/> evenly spaced values from
/// Min to Max inclusive. The sampling designs (Latin hypercube, Sobol, Saltelli, Morris) use only Min and Max.
/// Min = Max is allowed: the factor is then held fixed.
/// </remarks>
public sealed record Factor
{
    /// <param name="name">The factor's name, not empty.</param>
    /// <param name="min">Lower end, finite.</param>
    /// <param name="max">Upper end, finite, at least <paramref name="min"/>.</param>
    /// <param name="values">Explicit grid values, each finite and inside [min, max]; null for evenly spaced steps.</param>
    /// <param name="steps">Number of evenly spaced grid values when <paramref name="values"/> is null, at least 1.</param>
    /// <exception cref="ArgumentException">Any of the above does not hold.</exception>
    public Factor(string name, double min, double max, IReadOnlyList<double>? values = null, int steps = 2)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A factor needs a name.", nameof(name));
        }

        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"Factor {name}: the range [{min}, {max}] must be finite with min ≤ max.", nameof(max));
        }

        if (values is null && steps < 1)
        {
            throw new ArgumentException($"Factor {name}: steps must be at least 1, not {steps}.", nameof(steps));
        }

        if (values is not null)
        {
            if (values.Count == 0)
            {
                throw new ArgumentException($"Factor {name}: an explicit value list cannot be empty.", nameof(values));
            }

            foreach (var value in values)
            {
                if (!double.IsFinite(value) || value < min || value > max)
                {
                    throw new ArgumentException($"Factor {name}: the value {value} is not a finite number in [{min}, {max}].", nameof(values));
                }
            }
        }

        Name = name;
        Min = min;
        Max = max;
        // A copy, so the caller's list changing later cannot change a design built on this factor.
        Values = values is null ? null : Array.AsReadOnly(values.ToArray());
        Steps = values?.Count ?? steps;
    }

    /// <summary>The factor's name.</summary>
    public string Name { get; }

    /// <summary>Lower end of the range.</summary>
    public double Min { get; }

    /// <summary>Upper end of the range.</summary>
    public double Max { get; }

    /// <summary>Explicit grid values, or null when the grid is evenly spaced.</summary>
    public IReadOnlyList<double>? Values { get; }

    /// <summary>Number of grid values: the count of <see cref="Values"/> when given, otherwise the steps asked for.</summary>
    public int Steps { get; }

    /// <summary>
    /// The grid values: <see cref="Values"/> when given, otherwise Min + (Max − Min)·i/(Steps − 1) for i = 0 … Steps − 1,
    /// the last exactly Max; a single step is Min.
    /// </summary>
    public IReadOnlyList<double> GridValues()
    {
        if (Values is not null)
        {
            return Values;
        }

        if (Steps == 1)
        {
            return [Min];
        }

        var grid = new double[Steps];
        for (var i = 0; i < Steps - 1; i++)
        {
            grid[i] = Min + (Max - Min) * i / (Steps - 1);
        }

        // Set, not computed, so a grid always reaches Max exactly.
        grid[^1] = Max;
        return grid;
    }

    /// <summary>The value at position u ∈ [0, 1] of the range, clamped so rounding can never leave [Min, Max].</summary>
    internal double FromUnit(double u) => Math.Clamp(Min + (Max - Min) * u, Min, Max);

    /// <inheritdoc/>
    public bool Equals(Factor? other) =>
        other is not null
        && Name == other.Name
        && Min.Equals(other.Min)
        && Max.Equals(other.Max)
        && Steps == other.Steps
        && (Values is null ? other.Values is null : other.Values is not null && Values.SequenceEqual(other.Values));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Min, Max, Steps, Values is null);
}
