namespace LiubeiSim.Host.Requests;

/// <summary>One thing wrong with a request body, as listed in the 400 problem document's <c>problems</c>.</summary>
/// <param name="Path">
/// Where: a field of the request (<c>replications</c>), a field inside a scenario (<c>scenario: levers.sgmw_demand_growth</c>,
/// <c>b: targets[0].threshold</c>), or a setting (<c>set[1]: levers.sgmw_demand_growth</c>, the index into the request's
/// list and the key it sets).
/// </param>
/// <param name="Line">1-based line inside the scenario text; null for fields of the request itself and for settings.</param>
/// <param name="Column">1-based column inside the scenario text; null for fields of the request itself and for settings.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Allowed">What would be accepted instead.</param>
public sealed record RequestProblem(string Path, int? Line, int? Column, string Message, string Allowed);
