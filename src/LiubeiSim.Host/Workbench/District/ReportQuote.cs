using LiubeiSim.Model.District;

namespace LiubeiSim.Host.Workbench.District;

/// <summary>The report's text cut around a reported figure's sentence, so the page can mark exactly that sentence.</summary>
/// <param name="Before">The text before the sentence.</param>
/// <param name="Highlight">The sentence: the figure's source, verbatim.</param>
/// <param name="After">The text after it.</param>
/// <param name="Start">Where the sentence starts in the report (UTF-16 index).</param>
public sealed record ReportQuote(string Before, string Highlight, string After, int Start)
{
    /// <summary>
    /// The first place the figure's source stands in the report (the loader checked it is there, ordinally), or null
    /// for a figure that quotes nothing (derived, assumption, not stated) or a source missing from this text.
    /// </summary>
    public static ReportQuote? Locate(string reportText, Figure? figure)
    {
        ArgumentNullException.ThrowIfNull(reportText);
        if (figure is not { Kind: FigureKind.Reported } || string.IsNullOrEmpty(figure.Source))
        {
            return null;
        }

        var start = reportText.IndexOf(figure.Source, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var end = start + figure.Source.Length;
        return new ReportQuote(reportText[..start], reportText[start..end], reportText[end..], start);
    }

    /// <summary>The id of a figure's "show in report" button: HTML ids and CSS selectors read better without dots.</summary>
    public static string ButtonId(string figureId) => "quote-" + Slug(figureId);

    /// <summary>The id of a figure's row.</summary>
    public static string RowId(string figureId) => "figure-" + Slug(figureId);

    public static string Slug(string figureId) => figureId.Replace('.', '-');

    /// <summary>The ids a derived figure's formula reads, in order of appearance (the <c>{id}</c> references).</summary>
    public static IReadOnlyList<string> FormulaIds(string formula)
    {
        var ids = new List<string>();
        var at = 0;
        while ((at = formula.IndexOf('{', at)) >= 0)
        {
            var close = formula.IndexOf('}', at);
            if (close < 0)
            {
                break;
            }

            var id = formula[(at + 1)..close].Trim();
            if (id.Length > 0 && !ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }

            at = close + 1;
        }

        return ids;
    }
}
