namespace LiubeiSim.Model.Steps;

/// <summary>Everything the district gathers in one month, in the fixed entity order of <see cref="District.DistrictIds"/>.</summary>
public sealed record DistrictContributions(
    IReadOnlyList<ChainContribution> Chains,
    IReadOnlyList<ProjectContribution> Projects,
    IReadOnlyList<ProjectContribution> Pipelines,
    IReadOnlyList<TownContribution> Towns,
    IReadOnlyList<FirmContribution>? Firms = null);
