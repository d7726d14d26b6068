namespace LiubeiSim.Model.District;

/// <summary>The spelling of <see cref="FigureKind"/> in data files, JSON and the command line.</summary>
public static class FigureKindNames
{
    public const string Reported = "reported";
    public const string Derived = "derived";
    public const string Assumption = "assumption";
    public const string NotStated = "not-stated";
    public const string Overridden = "overridden";

    /// <summary>All five, in the order of <see cref="FigureKind"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [Reported, Derived, Assumption, NotStated, Overridden];

    /// <summary>The kinds a data file may declare: a figure becomes overridden only through a scenario.</summary>
    public static IReadOnlyList<string> Declarable { get; } = [Reported, Derived, Assumption, NotStated];

    public static string ToName(this FigureKind kind) => kind switch
    {
        FigureKind.Reported => Reported,
        FigureKind.Derived => Derived,
        FigureKind.Assumption => Assumption,
        FigureKind.NotStated => NotStated,
        FigureKind.Overridden => Overridden,
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
            case Overridden: kind = FigureKind.Overridden; return true;
            default: kind = default; return false;
        }
    }
}
