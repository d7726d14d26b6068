using LiubeiSim.Analysis.Design;

namespace LiubeiSim.Analysis.Sensitivity;

/// <summary>
/// Morris's one-at-a-time screening design: r trajectories of k + 1 points on a p-level grid of the unit hypercube,
/// each step moving one factor by Δ = p/(2(p − 1)), every factor once per trajectory.
/// </summary>
/// <remarks>
/// <para>
/// Levels are l/(p − 1), l = 0 … p − 1, with p even, so a move of Δ is a jump of p/2 levels and each level has exactly
/// one partner: level l moves up to l + p/2 when l &lt; p/2 and down to l − p/2 otherwise. A trajectory starts at a
/// uniformly drawn level for each factor and visits the factors in a uniformly random order. This is Morris's (1991)
/// design: every base point and direction equally likely.
/// </para>
/// <para>
/// Drawn from <see cref="SplitMix64"/> seeded with the seed, trajectory by trajectory: k level draws in factor order,
/// then a Fisher–Yates permutation of the factors. <see cref="Points"/> lists trajectory t's points at t(k + 1) …
/// t(k + 1) + k, scaled to the factor ranges; <see cref="MorrisEffects.Compute"/> reads the outputs in that order.
/// </para>
/// </remarks>
public sealed class MorrisDesign : IDesign
{
    /// <summary>The default number of grid levels.</summary>
    public const int DefaultLevels = 4;

    private readonly Factor[] factors;
    private readonly double[][] unitPoints;
    private readonly int[] moved;
    private readonly bool[] up;

    /// <param name="factors">The factors, at least one, names distinct.</param>
    /// <param name="trajectories">r, at least 2 (the spread σ needs two effects per factor).</param>
    /// <param name="seed">The seed of the base points and factor orders.</param>
    /// <param name="levels">p, even and at least 2.</param>
    public MorrisDesign(IReadOnlyList<Factor> factors, int trajectories, ulong seed, int levels = DefaultLevels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trajectories, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 2);
        if (levels % 2 != 0)
        {
            // With p odd, Δ is not a whole number of levels and the steps would leave the grid.
            throw new ArgumentOutOfRangeException(nameof(levels), levels, "The number of levels must be even.");
        }

        this.factors = FactorList.Check(factors, nameof(factors));
        var k = this.factors.Length;
        var count = (long)trajectories * (k + 1);
        if (count > int.MaxValue)
        {
            throw new ArgumentException($"r(k + 1) = {count} evaluations is more than a design can hold.", nameof(trajectories));
        }

        Trajectories = trajectories;
        Levels = levels;
        Delta = levels / (2.0 * (levels - 1));
        Count = (int)count;

        unitPoints = new double[Count][];
        moved = new int[trajectories * k];
        up = new bool[trajectories * k];
        var half = levels / 2;
        var random = new SplitMix64(seed);
        for (var t = 0; t < trajectories; t++)
        {
            var level = new int[k];
            for (var i = 0; i < k; i++)
            {
                level[i] = random.NextBelow(levels);
            }

            var order = random.Permutation(k);
            var first = t * (k + 1);
            unitPoints[first] = ToUnit(level);
            for (var s = 0; s < k; s++)
            {
                var i = order[s];
                var rising = level[i] < half;
                level[i] += rising ? half : -half;
                moved[t * k + s] = i;
                up[t * k + s] = rising;
                unitPoints[first + s + 1] = ToUnit(level);
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<Factor> Factors => factors;

    /// <summary>r, the number of trajectories.</summary>
    public int Trajectories { get; }

    /// <summary>p, the number of grid levels.</summary>
    public int Levels { get; }

    /// <summary>Δ = p/(2(p − 1)), the step as a fraction of each factor's range.</summary>
    public double Delta { get; }

    /// <summary>r(k + 1).</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double[]> Points()
    {
        var points = new double[Count][];
        for (var p = 0; p < Count; p++)
        {
            var point = new double[factors.Length];
            for (var i = 0; i < factors.Length; i++)
            {
                point[i] = factors[i].FromUnit(unitPoints[p][i]);
            }

            points[p] = point;
        }

        return points;
    }

    /// <summary>The factor moved by step s (0-based) of trajectory t, and whether it moved up.</summary>
    internal (int Factor, bool Up) Step(int trajectory, int step) =>
        (moved[trajectory * factors.Length + step], up[trajectory * factors.Length + step]);

    private double[] ToUnit(int[] level)
    {
        var unit = new double[level.Length];
        for (var i = 0; i < level.Length; i++)
        {
            unit[i] = (double)level[i] / (Levels - 1);
        }

        return unit;
    }
}
