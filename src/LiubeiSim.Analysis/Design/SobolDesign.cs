namespace LiubeiSim.Analysis.Design;

/// <summary>
/// The first n points of the <see cref="SobolSequence"/> (from point 1) in as many dimensions as factors, each
/// coordinate scaled to its factor's range. Deterministic: the sequence has no seed.
/// </summary>
/// <remarks>The sequence is best balanced when n is a power of two.</remarks>
public sealed class SobolDesign : IDesign
{
    private readonly Factor[] factors;

    /// <param name="factors">The factors, 1 to <see cref="SobolSequence.MaxDimension"/>, names distinct.</param>
    /// <param name="count">Number of points, at least 1.</param>
    public SobolDesign(IReadOnlyList<Factor> factors, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        this.factors = FactorList.Check(factors, nameof(factors));
        if (this.factors.Length > SobolSequence.MaxDimension)
        {
            throw new ArgumentException($"A Sobol design takes at most {SobolSequence.MaxDimension} factors, not {this.factors.Length}.", nameof(factors));
        }

        Count = count;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Factor> Factors => factors;

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double[]> Points()
    {
        var points = SobolSequence.Points(factors.Length, Count);
        foreach (var point in points)
        {
            for (var j = 0; j < factors.Length; j++)
            {
                point[j] = factors[j].FromUnit(point[j]);
            }
        }

        return points;
    }
}
