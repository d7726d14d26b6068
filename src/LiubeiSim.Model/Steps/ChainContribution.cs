namespace LiubeiSim.Model.Steps;

/// <summary>What a chain sends to the district for one month: final demand, employment and R&amp;D, each a vector over the block.</summary>
public sealed class ChainContribution(int count)
{
    public double[] FinalDemand { get; } = new double[count];

    public double[] Employment { get; } = new double[count];

    public double[] Rnd { get; } = new double[count];
}
