namespace LiubeiSim.Model.District;

/// <summary>The spelling of <see cref="FigureKind"/> in data files, JSON and the command line.</summary>
public static class FigureKindNames
{
    public const string Reported = "reported";
    public const string Derived = "derived";
    public const string Assumption = "assumption";
    public const string NotStated = "not-stated";

    /// <summary>All four, in the order of <see cref="FigureKind"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [Reported, Derived, Assumption, NotStated];

    public static string ToName(this FigureKind kind) => kind switch
    {
        FigureKind.Reported => Reported,
        FigureKind.Derived => Derived,
        FigureKind.Assumption => Assumption,
        FigureKind.NotStated => NotStated,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown figure kind."),
    };

    public static bool TryParse(string? name, out FigureKind kind)
    {
        // Exact spelling only: the data files are the contract, so "Reported" or "not_stated" is a defect.
        switch (name)
        {
            case Reported: kind = FigureKind.Reported; return true;
            case Derived: kind = FigureKind.Derived; return true;
            case Assumption: kind = FigureKind.Assumption; return true;
            case NotStated: kind = FigureKind.NotStated; return true;
            default: kind = default; return false;
        }
    }
}
