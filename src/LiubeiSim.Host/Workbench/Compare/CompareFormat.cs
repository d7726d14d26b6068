using System.Globalization;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Host.Workbench.Compare;

/// <summary>Numbers and names as the compare pages show them, and the raw form their tables carry for tests and tools.</summary>
public static class CompareFormat
{
    /// <summary>Full precision, invariant culture: the data-* attributes of every table.</summary>
    public static string Raw(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Raw(double? value) => value is { } v ? Raw(v) : string.Empty;

    /// <summary>A probability as a percentage, one decimal.</summary>
    public static string Percent(double? value, CultureInfo culture) => value is { } v ? (v * 100).ToString("0.0", culture) + "%" : "—";

    /// <summary>A change in probability, in percentage points with its sign.</summary>
    public static string Points(double? value, CultureInfo culture) =>
        value is { } v ? (v * 100).ToString("+0.0;−0.0;0.0", culture) + (Quantities.IsChinese(culture) ? " 个百分点" : " pp") : "—";

    /// <summary>A difference with its sign and unit.</summary>
    public static string Difference(double value, string unit, CultureInfo culture) =>
        (value > 0 ? "+" : string.Empty) + Quantities.Format(value, unit, culture);

    /// <summary>A scope's name from the district's data: Chinese in zh-CN, English with the Chinese after it in en.</summary>
    public static string ScopeName(string scope, CultureInfo culture) =>
        DistrictNames.Of(scope == SeriesKey.DistrictScope ? DistrictIds.District : scope, culture);
}
