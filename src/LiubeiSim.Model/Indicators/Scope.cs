namespace LiubeiSim.Model.Indicators;

/// <summary>Which entities an indicator exists for.</summary>
[Flags]
public enum ScopeKinds
{
    None = 0,
    District = 1,
    Chain = 2,
    Town = 4,
}
