namespace LiubeiSim.Analysis.Design;

/// <summary>
/// A Latin hypercube of n samples: each factor's range is cut into n equal strata, and each stratum of each factor
/// holds exactly one point.
/// </summary>
/// <remarks>
/// Drawn from <see cref="SplitMix64"/> seeded with the seed, factor by factor in order: first a Fisher–Yates
/// permutation of the strata (n − 1 draws), then one uniform offset inside the stratum for each sample (n draws).
/// Sample i of factor j lies at (π_j(i) + U_ij)/n of the range. The points depend only on the factors, n and the seed.
/// </remarks>
public sealed class LatinHypercubeDesign : IDesign
{
    private readonly Factor[] factors;
    private readonly ulong seed;

    /// <param name="factors">The factors, at least one, names distinct.</param>
    /// <param name="samples">Number of samples n, at least 1.</param>
    /// <param name="seed">The seed of the strata permutations and offsets.</param>
    public LatinHypercubeDesign(IReadOnlyList<Factor> factors, int samples, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        this.factors = FactorList.Check(factors, nameof(factors));
        Count = samples;
        this.seed = seed;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Factor> Factors => factors;

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double[]> Points()
    {
        var points = new double[Count][];
        for (var i = 0; i < Count; i++)
        {
            points[i] = new double[factors.Length];
        }

        var random = new SplitMix64(seed);
        for (var j = 0; j < factors.Length; j++)
        {
            var strata = random.Permutation(Count);
            for (var i = 0; i < Count; i++)
            {
                // The sum can round up to the next stratum's edge; keep it strictly inside its own.
                var position = Math.Min(strata[i] + random.NextDouble(), Math.BitDecrement(strata[i] + 1.0));
                points[i][j] = factors[j].FromUnit(position / Count);
            }
        }

        return points;
    }
}
