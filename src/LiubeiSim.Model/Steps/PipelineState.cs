namespace LiubeiSim.Model.Steps;

/// <summary>
/// The unnamed projects of one chain (or the non-industrial ones) over a block of replications: the backlog of
/// introduced projects waiting to build, and the cohorts started each month with their construction times.
/// Cohorts are month-major: cohort of month index <c>FirstMonth + j</c> at [j * Count + i].
/// </summary>
public sealed class PipelineState(int pipeline, int count, int firstMonth, int cohorts)
{
    public int Pipeline { get; } = pipeline;

    public int Count { get; } = count;

    /// <summary>Month index of the oldest cohort kept (history before the horizon included).</summary>
    public int FirstMonth { get; } = firstMonth;

    public double[] Backlog { get; } = new double[count];

    public ushort[] Starts { get; } = new ushort[cohorts * count];

    public ushort[] Duration { get; } = new ushort[cohorts * count];
}
