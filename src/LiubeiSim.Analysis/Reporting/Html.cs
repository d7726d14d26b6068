using System.Globalization;
using System.Text;

namespace LiubeiSim.Analysis.Reporting;

/// <summary>Escaping and number formats for the report. Everything from a file goes through <see cref="Escape"/>.</summary>
internal static class Html
{
    /// <summary>
    /// Text or attribute value made inert: the five markup characters become entities, and characters HTML forbids
    /// (controls other than tab and line breaks, lone surrogates) become U+FFFD. Everything else, Chinese included, stays
    /// as it is, so a reported sentence reads verbatim in the page and in its source.
    /// </summary>
    public static string Escape(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' or '\n' or '\r' => null,
                _ when char.IsControl(c) => "\uFFFD",
                _ when char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) => null,
                _ when char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]) => null,
                _ when char.IsSurrogate(c) => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length + 16);
            builder.Append(replacement);
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>Shortest round-trip form, as the run files write it: what a test or a script reads back is the exact double.</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Values separated by single spaces, each round-trip exact.</summary>
    public static string ExactList(IEnumerable<double> values) => string.Join(' ', values.Select(Exact));

    /// <summary>A number for people: as many decimals as its size calls for, thousands separated.</summary>
    public static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        var format = magnitude >= 1000 ? "#,##0" : magnitude >= 100 ? "0.0" : magnitude >= 1 ? "0.00" : magnitude == 0 ? "0" : "0.000";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>A number someone typed (a threshold): every decimal it has and no more, thousands separated.</summary>
    public static string Plain(double value) => value.ToString("#,##0.###############", CultureInfo.InvariantCulture);

    /// <summary>A difference for people, with its sign.</summary>
    public static string Signed(double value) => (value > 0 ? "+" : value < 0 ? "\u2212" : "\u00B1") + Number(Math.Abs(value));

    /// <summary>A probability as a whole percentage; "&lt;1%" and "&gt;99%" rather than rounding a chance to certainty.</summary>
    public static string Percent(double probability) => probability switch
    {
        0 => "0%",
        1 => "100%",
        < 0.005 => "<1%",
        > 0.995 => ">99%",
        _ => (probability * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
    };

    /// <summary>A change of probability in percentage points.</summary>
    public static string Points(double change)
    {
        var points = Math.Round(change * 100, MidpointRounding.AwayFromZero);
        return points == 0 ? "\u00B10 pp" : (points > 0 ? "+" : "\u2212") + Math.Abs(points).ToString("0", CultureInfo.InvariantCulture) + " pp";
    }

    /// <summary>SVG coordinates: two decimals are finer than a pixel and keep the file small and stable.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
