using LiubeiSim.Grains.Runs;

namespace LiubeiSim.Grains.Engine;

/// <summary>
/// The cluster did not accept a run: its queue is full, its memory estimate exceeds the budget, or its owner is over a
/// quota. The message says why and what to do; the properties say it for a program (an HTTP status, a Retry-After).
/// </summary>
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

    public RunRefusedException(SubmitOutcome outcome)
        : base(outcome.Refusal ?? "The cluster refused the run.")
    {
        // A silo of a version that did not say why refused only for a full queue.
        Reason = outcome.Reason == SubmitRefusal.None ? SubmitRefusal.QueueFull : outcome.Reason;
        RetryAfter = outcome.RetryAfter;
        EstimatedBytes = outcome.EstimatedBytes;
        LimitBytes = outcome.LimitBytes;
        MaxReplications = outcome.MaxReplications;
    }

    public SubmitRefusal Reason { get; } = SubmitRefusal.QueueFull;

    /// <summary>When trying again may succeed; null when the cluster cannot tell.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>For <see cref="SubmitRefusal.TooLarge"/> by memory: the run's estimate and the budget, in bytes.</summary>
    public long EstimatedBytes { get; }

    public long LimitBytes { get; }

    /// <summary>For a run too large: the most replications it could have with its other settings.</summary>
    public int MaxReplications { get; }
}
