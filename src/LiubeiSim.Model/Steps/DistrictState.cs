namespace LiubeiSim.Model.Steps;

/// <summary>The district's own stocks over a block of replications: high-tech firms held and group-run schooling coverage.</summary>
public sealed class DistrictState(int count)
{
    public double[] HighTechFirms { get; } = new double[count];

    public double[] SchoolingCoverage { get; } = new double[count];

    /// <summary>Scratch for the month's project totals, gathered before the per-replication loop.</summary>
    public GatheredProjects Gathered { get; } = new(count);

    /// <summary>Scratch for the per-chain totals of synthetic firms' output (chain-major).</summary>
    public double[] FirmTotals { get; } = new double[Engine.ModelParameters.Chains * count];
}
