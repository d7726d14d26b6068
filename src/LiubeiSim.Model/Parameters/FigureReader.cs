using LiubeiSim.Model.District;

namespace LiubeiSim.Model.Parameters;

/// <summary>
/// Reads the figures the model uses from the base-year dataset and remembers every id it read, so a test can hold
/// that every declared assumption is read and every figure read is declared.
/// </summary>
public sealed class FigureReader(BaseYearDataset data)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public BaseYearDataset Data { get; } = data;

    /// <summary>The ids read so far (those that exist; an optional figure that is absent is not recorded).</summary>
    public IReadOnlySet<string> Read => _read;

    /// <summary>A figure's number; a missing, textual or not-stated figure is an error, never a silent gap.</summary>
    public double Number(string id)
    {
        var value = Data.Number(id);
        _read.Add(id);
        return value;
    }

    /// <summary>A figure's number, or null when there is no such figure (a level the base year does not state).</summary>
    public double? OptionalNumber(string id)
    {
        if (!Data.TryGetFigure(id, out var figure) || figure.Value is not { } value)
        {
            return null;
        }

        _read.Add(id);
        return value;
    }

    /// <summary>A figure's text (an assumption that names a lever, a chain or a month).</summary>
    public string Text(string id)
    {
        var text = Data.Text(id);
        _read.Add(id);
        return text;
    }

    /// <summary>A figure's text, or null when there is no such figure.</summary>
    public string? OptionalText(string id)
    {
        if (!Data.TryGetFigure(id, out var figure) || figure.Text is not { } text)
        {
            return null;
        }

        _read.Add(id);
        return text;
    }
}
