namespace LiubeiSim.Grains.Messages;

[GenerateSerializer]
public enum RunState
{
    NotStarted,
    Running,
    Completed,
    Failed,
    Cancelled,
}
