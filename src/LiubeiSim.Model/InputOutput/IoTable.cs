using MathNet.Numerics.LinearAlgebra;
using LiubeiSim.Model.District;

namespace LiubeiSim.Model.InputOutput;

/// <summary>
/// The inter-chain input-output table: technical coefficients A, each chain's value added per unit of output, the
/// Leontief inverse L = (I - A)^-1 and the Type I multipliers IMPLAN reports. Rows and columns follow
/// <see cref="DistrictIds.Chains"/>.
/// </summary>
public sealed class IoTable
{
    /// <summary>The row of value added per unit of output, below the chains' rows.</summary>
    public const string ValueAddedRow = "value_added";

    private readonly double[] _coefficients;
    private readonly double[] _valueAdded;
    private readonly double[] _leontief;

    internal IoTable(string source, double[] coefficients, double[] valueAdded)
    {
        var n = DistrictIds.Chains.Count;
        Source = source;
        _coefficients = coefficients;
        _valueAdded = valueAdded;
        var a = Matrix<double>.Build.Dense(n, n, (i, j) => coefficients[(i * n) + j]);
        var leontief = (Matrix<double>.Build.DenseIdentity(n) - a).Inverse();
        _leontief = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                _leontief[(i * n) + j] = leontief[i, j];
            }
        }
    }

    /// <summary>Where the table came from: "default" or the user's file path.</summary>
    public string Source { get; }

    public static int Size => DistrictIds.Chains.Count;

    public double Coefficient(int supplier, int buyer) => _coefficients[(supplier * Size) + buyer];

    public double Leontief(int supplier, int buyer) => _leontief[(supplier * Size) + buyer];

    /// <summary>Value added per unit of a chain's output (its column of the <c>value_added</c> row).</summary>
    public double ValueAdded(int chain) => _valueAdded[chain];

    /// <summary>Row-major Leontief inverse, for the district's monthly x = L f.</summary>
    public ReadOnlySpan<double> LeontiefRowMajor => _leontief;

    /// <summary>Type I output multiplier of a chain: total district output per unit of its final demand (column sum of L).</summary>
    public double OutputMultiplier(int chain)
    {
        var sum = 0.0;
        for (var i = 0; i < Size; i++)
        {
            sum += Leontief(i, chain);
        }

        return sum;
    }

    /// <summary>Type I employment multiplier: jobs in all chains per direct job of the chain, for the given jobs-per-output coefficients.</summary>
    public double EmploymentMultiplier(int chain, ReadOnlySpan<double> jobsPerOutput)
    {
        var sum = 0.0;
        for (var i = 0; i < Size; i++)
        {
            sum += jobsPerOutput[i] * Leontief(i, chain);
        }

        return sum / jobsPerOutput[chain];
    }

    /// <summary>Type I value-added multiplier: value added in all chains per unit of the chain's own value added, for a unit of its final demand.</summary>
    public double ValueAddedMultiplier(int chain)
    {
        var sum = 0.0;
        for (var i = 0; i < Size; i++)
        {
            sum += ValueAdded(i) * Leontief(i, chain);
        }

        return sum / ValueAdded(chain);
    }

    /// <summary>Final demand that yields the given output: f = (I - A) x.</summary>
    public double[] FinalDemandFor(ReadOnlySpan<double> output)
    {
        var f = new double[Size];
        for (var i = 0; i < Size; i++)
        {
            var intermediate = 0.0;
            for (var j = 0; j < Size; j++)
            {
                intermediate += Coefficient(i, j) * output[j];
            }

            f[i] = output[i] - intermediate;
        }

        return f;
    }
}
