namespace LiubeiSim.Model.Steps;

/// <summary>The district's own stocks over a block of replications: high-tech firms held and group-run schooling coverage.</summary>
public sealed class DistrictState(int count)
{
    public double[] HighTechFirms { get; } = new double[count];

    public double[] SchoolingCoverage { get; } = new double[count];
}
