namespace LiubeiSim.Grains.Engine;

/// <summary>The cluster did not accept a run (its queue is full); the message says why and what to do.</summary>
public sealed class RunRefusedException : Exception
{
    public RunRefusedException()
    {
    }

    public RunRefusedException(string message)
        : base(message)
    {
    }

    public RunRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
