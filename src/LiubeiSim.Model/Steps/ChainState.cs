namespace LiubeiSim.Model.Steps;

/// <summary>An industry chain's state over a block of replications: demand deviations (own and district-wide) and employment.</summary>
public sealed class ChainState(int chain, int count)
{
    public int Chain { get; } = chain;

    public double[] DemandDeviation { get; } = new double[count];

    /// <summary>The district-wide factor; every chain keeps its own copy, computed from the district's stream, so chains need not talk to step.</summary>
    public double[] MacroDeviation { get; } = new double[count];

    public double[] Employment { get; } = new double[count];
}
