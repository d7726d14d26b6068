namespace LiubeiSim.Cli.Hosting;

/// <summary>Indicator and scope ids shortened for an 80-column table; the files and JSON keep the full ids.</summary>
public static class IndicatorNames
{
    private static readonly (string Long, string Short)[] Words =
    [
        ("industrial", "ind"),
        ("investment", "inv"),
        ("outside_capital", "out_capital"),
        ("high_tech", "hitech"),
        ("certifications", "certs"),
        ("employment", "empl"),
        ("_in_place", ""),
        ("machinery", "mach"),
        ("processing", "proc"),
        ("recycling", "recyc"),
        ("construction", "constr"),
        ("equipment", "equip"),
        ("disbursed", "disb"),
    ];

    /// <summary>The id as it is when it fits, else with long words shortened, else cut with an ellipsis.</summary>
    public static string Short(string id, int width)
    {
        if (id.Length <= width)
        {
            return id;
        }

        var text = id;
        foreach (var (longWord, shortWord) in Words)
        {
            text = text.Replace(longWord, shortWord, StringComparison.Ordinal);
            if (text.Length <= width)
            {
                return text;
            }
        }

        return text[..(width - 1)] + "…";
    }
}
