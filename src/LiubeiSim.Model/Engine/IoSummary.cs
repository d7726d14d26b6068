namespace LiubeiSim.Model.Engine;

/// <summary>The input-output table a run used and its Type I multipliers by chain (as IMPLAN reports them).</summary>
public sealed record IoSummary(string Source, IReadOnlyList<ChainMultipliers> Chains);

/// <summary>
/// Type I multipliers of a chain: output (district output per unit of its final demand), employment (jobs per direct
/// job) and value added (district value added per unit of its own), with the value-added ratio they rest on.
/// </summary>
public sealed record ChainMultipliers(string Chain, double Output, double Employment, double ValueAdded, double ValueAddedRatio);
