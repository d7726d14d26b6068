using System.Globalization;
using System.Text;
using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;

namespace LiubeiSim.Grains.Serialization;

/// <summary>An input-output table on the wire: its source, its technical coefficients row-major (supplier × buyer) and each chain's value added per unit of output.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.IoTableSurrogate")]
public readonly record struct IoTableSurrogate
{
    [Id(0)] public required string Source { get; init; }
    [Id(1)] public required double[] Coefficients { get; init; }
    [Id(2)] public required double[] ValueAdded { get; init; }
}

/// <summary>
/// Rebuilds the table through <see cref="IoTableReader.Read"/>, the one way the model builds tables, from text that
/// round-trips every coefficient exactly ("R"), so the Leontief inverse is the same bits on every silo.
/// </summary>
[RegisterConverter]
public sealed class IoTableConverter : IConverter<IoTable, IoTableSurrogate>
{
    public IoTable ConvertFromSurrogate(in IoTableSurrogate surrogate) => FromCoefficients(surrogate.Source, surrogate.Coefficients, surrogate.ValueAdded);

    public IoTableSurrogate ConvertToSurrogate(in IoTable value)
    {
        var n = IoTable.Size;
        var coefficients = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                coefficients[(i * n) + j] = value.Coefficient(i, j);
            }
        }

        var valueAdded = new double[n];
        for (var j = 0; j < n; j++)
        {
            valueAdded[j] = value.ValueAdded(j);
        }

        return new IoTableSurrogate { Source = value.Source, Coefficients = coefficients, ValueAdded = valueAdded };
    }

    public static IoTable FromCoefficients(string source, double[] coefficients, double[] valueAdded)
    {
        var n = IoTable.Size;
        var text = new StringBuilder("supplier,").AppendJoin(',', DistrictIds.Chains).Append('\n');
        for (var i = 0; i < n; i++)
        {
            text.Append(DistrictIds.Chains[i]);
            for (var j = 0; j < n; j++)
            {
                text.Append(',').Append(coefficients[(i * n) + j].ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        text.Append(IoTable.ValueAddedRow);
        foreach (var ratio in valueAdded)
        {
            text.Append(',').Append(ratio.ToString("R", CultureInfo.InvariantCulture));
        }

        return IoTableReader.Read(source, text.Append('\n').ToString());
    }
}
