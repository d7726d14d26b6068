namespace LiubeiSim.Model.District;

/// <summary>The kinds of entity the report names; each becomes a grain kind in an Orleans run.</summary>
public enum EntityKind
{
    District,
    Chain,
    Project,
    Town,
}
