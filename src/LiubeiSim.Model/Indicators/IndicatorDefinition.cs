namespace LiubeiSim.Model.Indicators;

/// <summary>An indicator the model reports, with its unit and the scopes it exists for.</summary>
public sealed record IndicatorDefinition(string Id, string Unit, IndicatorKind Kind, ScopeKinds Scopes, string Description);
