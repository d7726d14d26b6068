namespace LiubeiSim.Grains.Engine;

/// <summary>The cluster no longer knows the run being followed: a run kept in memory lost its grain with its silo, or the id names no run.</summary>
public sealed class RunGrainLostException : Exception
{
    public RunGrainLostException()
    {
    }

    public RunGrainLostException(string message)
        : base(message)
    {
    }

    public RunGrainLostException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
