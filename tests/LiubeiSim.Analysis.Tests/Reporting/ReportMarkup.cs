using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Analysis.Tests.Reporting;

/// <summary>
/// Reads the report's markup the way a script would, without trusting the report's own code: start tags and their
/// attributes by regular expression (the report writes plain, quoted attributes; Chromium's DOM dump does too).
/// </summary>
internal static partial class ReportMarkup
{
    public sealed record Element(string Tag, IReadOnlyDictionary<string, string> Attributes)
    {
        public string this[string name] => Attributes.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"<{Tag}> has no {name}: {string.Join(' ', Attributes.Select(a => $"{a.Key}=\"{a.Value}\""))}");

        public string? Get(string name) => Attributes.GetValueOrDefault(name);
    }

    /// <summary>Every start tag <paramref name="tag"/> whose attributes include all of <paramref name="having"/>.</summary>
    public static IReadOnlyList<Element> Elements(string html, string tag, params (string Name, string Value)[] having)
    {
        var found = new List<Element>();
        foreach (Match m in new Regex($@"<{Regex.Escape(tag)}\b([^>]*)>", RegexOptions.IgnoreCase).Matches(html))
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match a in AttributePattern().Matches(m.Groups[1].Value))
            {
                attributes[a.Groups[1].Value.ToLowerInvariant()] = WebUtility.HtmlDecode(a.Groups[2].Value);
            }

            if (having.All(h => attributes.TryGetValue(h.Name, out var v) && v == h.Value))
            {
                found.Add(new Element(tag, attributes));
            }
        }

        return found;
    }

    /// <summary>The markup of the section with id <paramref name="id"/> (sections do not nest in the report).</summary>
    public static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no <section id=\"{id}\">");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        Assert.True(end > start, $"<section id=\"{id}\"> is not closed");
        return html[start..end];
    }

    public static string[] Values(string attribute) => attribute.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex("([A-Za-z_:][-A-Za-z0-9_:.]*)=\"([^\"]*)\"")]
    private static partial Regex AttributePattern();
}

/// <summary>indicators.csv read back independently of the report's reader: its numbers as the exact strings written.</summary>
internal sealed class IndicatorsCsvFile
{
    private readonly Dictionary<(string, string), List<string[]>> _rows = [];
    private readonly Dictionary<string, int> _columns;

    public IndicatorsCsvFile(string runDirectory)
    {
        var lines = File.ReadAllLines(Path.Combine(runDirectory, RunReport.IndicatorsFile));
        _columns = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            // Indicator ids, scopes, months and round-trip numbers hold no comma or quote.
            var fields = line.Split(',');
            var key = (fields[_columns["indicator"]], fields[_columns["scope"]]);
            if (!_rows.TryGetValue(key, out var list))
            {
                _rows[key] = list = [];
            }

            list.Add(fields);
        }
    }

    /// <summary>A column of one series, month by month, as written.</summary>
    public string[] Column(string indicator, string column, string scope = "district") =>
        _rows[(indicator, scope)].Select(f => f[_columns[column]]).ToArray();

    public static double[] Numbers(IEnumerable<string> texts) => texts.Select(t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
}
