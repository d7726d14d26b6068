namespace LiubeiSim.Model.Steps;

/// <summary>The month's totals over every named project and pipeline, each a vector over the block (district scratch).</summary>
public sealed class GatheredProjects(int count)
{
    public double[] Investment { get; } = new double[count];

    public double[] Introduced { get; } = new double[count];

    public double[] IndustrialIntroduced { get; } = new double[count];

    public double[] Started { get; } = new double[count];

    public double[] Completed { get; } = new double[count];

    public double[] CoverageGain { get; } = new double[count];
}
