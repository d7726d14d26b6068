namespace LiubeiSim.Model.Engine;

/// <summary>The input-output table a run used and its Type I multipliers by chain (as IMPLAN reports them).</summary>
public sealed record IoSummary(string Source, IReadOnlyList<ChainMultipliers> Chains);

/// <summary>Type I output multiplier (district output per unit of final demand) and employment multiplier (jobs per direct job).</summary>
public sealed record ChainMultipliers(string Chain, double Output, double Employment);
