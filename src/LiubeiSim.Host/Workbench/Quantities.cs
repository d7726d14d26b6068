using System.Globalization;

namespace LiubeiSim.Host.Workbench;

/// <summary>
/// Numbers as each language writes them: in Chinese the report's own units (亿元, 万人), in English the same amounts in
/// yuan and people. Values are the model's (亿元 for money, people for jobs); only their words change, never the number.
/// </summary>
public static class Quantities
{
    private const double Yi = 1e8;
    private const double Wan = 1e4;

    public static bool IsChinese(CultureInfo culture) => culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>A value with its unit, e.g. 123.4 亿元 / CNY 12.34 billion; 12.3 万人 / 123,000 people.</summary>
    public static string Format(double? value, string unit, CultureInfo culture)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            return IsChinese(culture) ? "未说明" : "not stated";
        }

        var zh = IsChinese(culture);
        return unit switch
        {
            "亿元" => zh ? $"{Number(v, culture)} 亿元" : Yuan(v * Yi, culture),
            "亿元/year" => zh ? $"{Number(v, culture)} 亿元/年" : $"{Yuan(v * Yi, culture)} a year",
            "元" => zh ? $"{Number(v, culture)} 元" : $"CNY {Number(v, culture)}",
            "people" => zh ? People(v, culture) : $"{Whole(v, culture)} people",
            "%" => $"{Number(v, culture)}%",
            "pp" => zh ? $"{Number(v, culture)} 个百分点" : $"{Number(v, culture)} pp",
            "count" => Whole(v, culture),
            "share" => $"{Number(v * 100, culture)}%",
            _ => $"{Number(v, culture)} {unit}",
        };
    }

    /// <summary>The unit as an axis or column title, in the language's words.</summary>
    public static string UnitTitle(string unit, CultureInfo culture) => (unit, IsChinese(culture)) switch
    {
        ("亿元", true) => "亿元",
        ("亿元", false) => "CNY 100 million",
        ("people", true) => "人",
        ("people", false) => "people",
        ("count", true) => "个",
        ("count", false) => "count",
        _ => unit,
    };

    /// <summary>Three significant digits at least, grouped; no exponent.</summary>
    public static string Number(double value, CultureInfo culture)
    {
        var magnitude = Math.Abs(value);
        var format = magnitude >= 1000 ? "N0" : magnitude >= 100 ? "N1" : magnitude >= 1 ? "N2" : magnitude == 0 ? "N0" : "N3";
        return value.ToString(format, culture);
    }

    private static string Whole(double value, CultureInfo culture) => Math.Round(value).ToString("N0", culture);

    private static string People(double value, CultureInfo culture) =>
        Math.Abs(value) >= Wan ? $"{Number(value / Wan, culture)} 万人" : $"{Whole(value, culture)} 人";

    private static string Yuan(double yuan, CultureInfo culture) => Math.Abs(yuan) switch
    {
        >= 1e9 => $"CNY {Number(yuan / 1e9, culture)} billion",
        >= 1e6 => $"CNY {Number(yuan / 1e6, culture)} million",
        _ => $"CNY {Whole(yuan, culture)}",
    };
}
