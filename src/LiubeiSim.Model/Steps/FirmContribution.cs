namespace LiubeiSim.Model.Steps;

/// <summary>What a synthetic firm sends to the district for one month: its output, a vector over the block.</summary>
public sealed class FirmContribution(int count)
{
    public double[] Output { get; } = new double[count];
}
