namespace LiubeiSim.Model.Steps;

/// <summary>A named project's schedule in each replication: start and (jittered, delayed) completion month indices.</summary>
public sealed class ProjectState(int project, int count)
{
    public int Project { get; } = project;

    public int[] Start { get; } = new int[count];

    public int[] Complete { get; } = new int[count];
}
