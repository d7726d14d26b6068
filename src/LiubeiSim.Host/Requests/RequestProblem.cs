namespace LiubeiSim.Host.Runs;

/// <summary>One thing wrong with a run request, as listed in the 400 problem document's <c>problems</c>.</summary>
/// <param name="Path">Where: <c>replications</c>, or inside the scenario <c>scenario: levers.sgmw_demand_growth</c>.</param>
/// <param name="Line">1-based line inside the scenario text; null for fields of the request itself.</param>
/// <param name="Column">1-based column inside the scenario text; null for fields of the request itself.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Allowed">What would be accepted instead.</param>
public sealed record RunRequestProblem(string Path, int? Line, int? Column, string Message, string Allowed);
