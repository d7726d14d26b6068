using System.Globalization;
using LiubeiSim.Model.District;
using Microsoft.Extensions.Localization;

namespace LiubeiSim.Host.Workbench.District;

/// <summary>How the district page writes names, values and kinds in the person's language.</summary>
public static class DistrictText
{
    /// <summary>The units <see cref="Quantities"/> words itself; any other is written after the number as the data spells it.</summary>
    private static readonly HashSet<string> s_wordedUnits = ["亿元", "亿元/year", "元", "people", "%", "pp", "count", "share"];

    /// <summary>A number with its unit (<see cref="Quantities"/>), a stated fact as the data words it, or "not stated".</summary>
    public static string Value(Figure figure, CultureInfo culture)
    {
        if (figure.Value is not { } v)
        {
            return figure.Text ?? Quantities.Format(null, figure.Unit, culture);
        }

        // Counts of the data's own units (projects, firms, groups) read as whole numbers, not "56.00 projects".
        if (!s_wordedUnits.Contains(figure.Unit) && v == Math.Round(v) && Math.Abs(v) < 1e12)
        {
            return $"{v.ToString("N0", culture)} {figure.Unit}";
        }

        return Quantities.Format(v, figure.Unit, culture);
    }

    /// <summary>The invariant number for data-value attributes (full precision), or null for a text or a gap.</summary>
    public static string? RawValue(Figure figure) => figure.Value?.ToString("R", CultureInfo.InvariantCulture);

    public static string Raw(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The badge's classes: the shared <c>kind kind-*</c> styles, named as the data files spell kinds.</summary>
    public static string KindClass(FigureKind kind) => "kind kind-" + kind.ToName();

    /// <summary>The kind's word from the shared resources (KindReported, KindDerived, ...).</summary>
    public static string KindWord(FigureKind kind, IStringLocalizer<WorkbenchText> words) => words["Kind" + kind];

    /// <summary>The link that opens the page on one figure.</summary>
    public static string FigureLink(string figureId) => "/district?figure=" + Uri.EscapeDataString(figureId);
}
