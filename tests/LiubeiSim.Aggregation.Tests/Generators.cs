using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

/// <summary>Shared CsCheck generators.</summary>
internal static class Generators
{
    /// <summary>
    /// Mostly wide-range doubles, but small integers and both signed zeros often enough that
    /// ties and zero ordering are exercised, since those are where sorting and summing go wrong.
    /// </summary>
    public static readonly Gen<double> Value = Gen.OneOf<double>(
        Gen.Double[-1e6, 1e6],
        Gen.Double[-1e6, 1e6],
        Gen.Int[-3, 3].Select(i => (double)i),
        Gen.Bool.Select(negative => negative ? -0.0 : 0.0));

    /// <summary>Small integers as doubles: every sum of a few of them is exact, so any order gives the same bits.</summary>
    public static readonly Gen<double> Integral = Gen.Int[-1000, 1000].Select(i => (double)i);

    /// <summary>A non-empty vector over replications.</summary>
    public static readonly Gen<double[]> Vector = Value.Array[1, 60];

    /// <summary>An entity-major matrix: (entities, replications, values).</summary>
    public static Gen<(int Entities, int Replications, double[] Values)> Matrix(int maxEntities, int maxReplications, Gen<double> value) =>
        from entities in Gen.Int[0, maxEntities]
        from replications in Gen.Int[0, maxReplications]
        from values in value.Array[entities * replications]
        select (entities, replications, values);

    /// <summary>Probabilities in [0, 1], with the end points and the standard levels likely.</summary>
    public static readonly Gen<double> ProbabilityLevel = Gen.OneOf<double>(
        Gen.Double.Unit,
        Gen.Const(0.0),
        Gen.Const(1.0),
        Gen.Int[0, 4].Select(i => QuantileLevels.Standard[i]));
}
