using LiubeiSim.Grains.Messages;

namespace LiubeiSim.Cli.Runs;

/// <summary>Run states as the command line and the HTTP API write them: lower case.</summary>
public static class RunStateNames
{
    public static readonly string[] All = ["queued", "running", "completed", "failed", "cancelled"];

    public static string Of(RunState state) => state switch
    {
        RunState.Queued => "queued",
        RunState.Running => "running",
        RunState.Completed => "completed",
        RunState.Failed => "failed",
        RunState.Cancelled => "cancelled",
        _ => "unknown",
    };

    public static RunState? Parse(string? name) => name switch
    {
        null => null,
        "queued" => RunState.Queued,
        "running" => RunState.Running,
        "completed" => RunState.Completed,
        "failed" => RunState.Failed,
        "cancelled" => RunState.Cancelled,
        _ => throw new ArgumentException($"Not a run state: '{name}'.", nameof(name)),
    };
}
