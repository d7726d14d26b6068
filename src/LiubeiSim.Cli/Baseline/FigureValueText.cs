using System.Globalization;
using LiubeiSim.Model.District;

namespace LiubeiSim.Cli.Baseline;

/// <summary>How a figure's value reads in a table: invariant number with unit, the stated text, or "not stated".</summary>
public static class FigureValueText
{
    public static string Format(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (figure.Value is { } number)
        {
            // Invariant, so a table reads the same on every machine and in every test.
            var text = number.ToString("#,0.####", CultureInfo.InvariantCulture);
            return figure.Unit == "%" ? text + "%" : $"{text} {figure.Unit}";
        }

        if (figure.Text is { } stated)
        {
            return stated;
        }

        // Say which unit was lost, so "not stated" is not mistaken for zero.
        return $"not stated ({figure.Unit})";
    }
}
