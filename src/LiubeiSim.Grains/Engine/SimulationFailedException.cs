namespace LiubeiSim.Grains.Engine;

/// <summary>A run that the grains could not complete; the message says which entity failed in which month, or what else went wrong.</summary>
public sealed class SimulationFailedException : Exception
{
    public SimulationFailedException()
    {
    }

    public SimulationFailedException(string message)
        : base(message)
    {
    }

    public SimulationFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
