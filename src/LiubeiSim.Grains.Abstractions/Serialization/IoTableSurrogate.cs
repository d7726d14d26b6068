using System.Globalization;
using System.Text;
using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;

namespace LiubeiSim.Grains.Serialization;

/// <summary>An input-output table on the wire: its source and its technical coefficients, row-major (supplier × buyer).</summary>
[GenerateSerializer]
public readonly record struct IoTableSurrogate
{
    [Id(0)] public required string Source { get; init; }
    [Id(1)] public required double[] Coefficients { get; init; }
}

/// <summary>
/// Rebuilds the table through <see cref="IoTableReader.Read"/>, the one way the model builds tables, from text that
/// round-trips every coefficient exactly ("R"), so the Leontief inverse is the same bits on every silo.
/// </summary>
[RegisterConverter]
public sealed class IoTableConverter : IConverter<IoTable, IoTableSurrogate>
{
    public IoTable ConvertFromSurrogate(in IoTableSurrogate surrogate) => FromCoefficients(surrogate.Source, surrogate.Coefficients);

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

        return new IoTableSurrogate { Source = value.Source, Coefficients = coefficients };
    }

    public static IoTable FromCoefficients(string source, double[] coefficients)
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

        return IoTableReader.Read(source, text.ToString());
    }
}
