namespace LiubeiSim.Model.Scenarios;

/// <summary>Formats user values for problem messages: short, on one line, quoted.</summary>
internal static class ProblemText
{
    // Long enough for the longest figure id (a typo at its end must show), short enough to keep a line readable.
    private const int MaxShown = 72;

    public static string Quote(string value)
    {
        var shown = value.Length > MaxShown ? value[..MaxShown] + "..." : value;
        return "'" + OneLine(shown) + "'";
    }

    /// <summary>The text with control characters (line breaks among them) as blanks, so a problem stays one line whole.</summary>
    public static string OneLine(string value) => new(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());

    /// <summary>A path segment for a key, kept on one line and short so problem lines stay readable.</summary>
    public static string KeySegment(string key)
    {
        var shown = key.Length > MaxShown ? key[..MaxShown] + "..." : key;
        var segment = new string(shown.Select(c => char.IsControl(c) ? ' ' : c).ToArray());

        // A key of blanks (' ': 1) would leave a path one cannot see: quoted, it shows.
        return string.IsNullOrWhiteSpace(segment) ? $"'{segment}'" : segment;
    }

    public static string List(IEnumerable<string> items) => string.Join(", ", items);
}
