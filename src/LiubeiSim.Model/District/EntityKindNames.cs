namespace LiubeiSim.Model.District;

/// <summary>The spelling of <see cref="EntityKind"/> in data files and JSON.</summary>
public static class EntityKindNames
{
    public const string District = "district";
    public const string Chain = "chain";
    public const string Project = "project";
    public const string Town = "town";

    public static IReadOnlyList<string> All { get; } = [District, Chain, Project, Town];

    public static string ToName(this EntityKind kind) => kind switch
    {
        EntityKind.District => District,
        EntityKind.Chain => Chain,
        EntityKind.Project => Project,
        EntityKind.Town => Town,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown entity kind."),
    };

    public static bool TryParse(string? name, out EntityKind kind)
    {
        switch (name)
        {
            case District: kind = EntityKind.District; return true;
            case Chain: kind = EntityKind.Chain; return true;
            case Project: kind = EntityKind.Project; return true;
            case Town: kind = EntityKind.Town; return true;
            default: kind = default; return false;
        }
    }
}
