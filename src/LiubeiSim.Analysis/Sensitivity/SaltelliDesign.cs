using LiubeiSim.Analysis.Design;

namespace LiubeiSim.Analysis.Sensitivity;

/// <summary>
/// Saltelli's sampling scheme for first-order and total Sobol indices: N(k + 2) points for k factors and base size N.
/// </summary>
/// <remarks>
/// <para>
/// Row j (0-based) of both base matrices comes from point j + 1 of the <see cref="SobolSequence"/> in 2k dimensions:
/// A_j is its first k coordinates, B_j its last k, each scaled to its factor's range. AB_i is A with column i taken
/// from B. <see cref="Points"/> lists them in blocks of N rows: A, then B, then AB_1 … AB_k, so row j of block b is
/// point b·N + j; <see cref="SobolIndices.Compute"/> reads the outputs in that order.
/// </para>
/// <para>Deterministic (the sequence has no seed); N a power of two balances the sequence best. At most 32 factors.</para>
/// </remarks>
public sealed class SaltelliDesign : IDesign
{
    /// <summary>The most factors: the sequence has direction numbers for 2 × 32 dimensions.</summary>
    public const int MaxFactors = SobolSequence.MaxDimension / 2;

    private readonly Factor[] factors;

    /// <param name="factors">The factors, 1 to <see cref="MaxFactors"/>, names distinct.</param>
    /// <param name="baseSamples">N, at least 2 (a variance needs two values); N(k + 2) must fit an int.</param>
    public SaltelliDesign(IReadOnlyList<Factor> factors, int baseSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseSamples, 2);
        this.factors = FactorList.Check(factors, nameof(factors));
        if (this.factors.Length > MaxFactors)
        {
            throw new ArgumentException($"A Saltelli design takes at most {MaxFactors} factors, not {this.factors.Length}.", nameof(factors));
        }

        var count = (long)baseSamples * (this.factors.Length + 2);
        if (count > int.MaxValue)
        {
            throw new ArgumentException($"N(k + 2) = {count} evaluations is more than a design can hold.", nameof(baseSamples));
        }

        BaseSamples = baseSamples;
        Count = (int)count;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Factor> Factors => factors;

    /// <summary>N, the rows of each block.</summary>
    public int BaseSamples { get; }

    /// <summary>N(k + 2).</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double[]> Points()
    {
        var k = factors.Length;
        var n = BaseSamples;
        var points = new double[Count][];
        var sequence = new SobolSequence(2 * k);
        for (var j = 0; j < n; j++)
        {
            var raw = sequence.Next();
            var a = new double[k];
            var b = new double[k];
            for (var i = 0; i < k; i++)
            {
                a[i] = factors[i].FromUnit(raw[i]);
                b[i] = factors[i].FromUnit(raw[k + i]);
            }

            points[j] = a;
            points[n + j] = b;
            for (var i = 0; i < k; i++)
            {
                var ab = (double[])a.Clone();
                ab[i] = b[i];
                points[(2 + i) * n + j] = ab;
            }
        }

        return points;
    }
}
