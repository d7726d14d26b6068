namespace LiubeiSim.Model.Steps;

/// <summary>What a project (or a pipeline of unnamed projects) sends to the district for one month, each a vector over the block.</summary>
public sealed class ProjectContribution(int count)
{
    public double[] Investment { get; } = new double[count];

    public double[] Introduced { get; } = new double[count];

    public double[] IndustrialIntroduced { get; } = new double[count];

    public double[] Started { get; } = new double[count];

    public double[] Completed { get; } = new double[count];

    /// <summary>Annual output capacity added this month to <see cref="Chain"/>, 亿元/year.</summary>
    public double[] CapacityAdded { get; } = new double[count];

    /// <summary>Jobs added this month (in <see cref="Town"/>, or spread over towns by job share when -1).</summary>
    public double[] JobsAdded { get; } = new double[count];

    public double[] CoverageGain { get; } = new double[count];

    /// <summary>Chain index that receives the capacity, or -1.</summary>
    public int Chain { get; set; } = -1;

    /// <summary>Town index that receives the jobs, or -1 to spread them by job share.</summary>
    public int Town { get; set; } = -1;

    public void Clear()
    {
        Array.Clear(Investment);
        Array.Clear(Introduced);
        Array.Clear(IndustrialIntroduced);
        Array.Clear(Started);
        Array.Clear(Completed);
        Array.Clear(CapacityAdded);
        Array.Clear(JobsAdded);
        Array.Clear(CoverageGain);
    }
}
