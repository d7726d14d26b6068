using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Grains.Runs;

/// <summary>One scenario run: splits the replications into shards, advances them month by month and merges their blocks.</summary>
[Alias("LiubeiSim.Grains.Runs.IScenarioRunGrain")]
public interface IScenarioRunGrain : IGrainWithStringKey
{
    /// <summary>Starts the run and returns at once; progress and outcome come from <see cref="GetStatus"/>.</summary>
    [Alias("Start")]
    Task Start(RunRequest request);

    [Alias("GetStatus")]
    Task<RunStatus> GetStatus();

    /// <summary>
    /// Returns when the run has ended (completed, failed or cancelled) or after <paramref name="limit"/>, whichever is
    /// first, so a caller learns of the end at once instead of at its next poll. Interleaves with every other call,
    /// so waiting never holds up a status query or a cancel.
    /// </summary>
    [AlwaysInterleave]
    [Alias("WaitForEnd")]
    Task WaitForEnd(TimeSpan limit);

    /// <summary>Stops the run after the month under way.</summary>
    [Alias("Cancel")]
    Task Cancel();

    /// <summary>The result of a completed run.</summary>
    [Alias("GetResult")]
    Task<Immutable<RunResult>> GetResult();

    /// <summary>Lets the run's activations go (after the result was read, or after a failure).</summary>
    [Alias("Stop")]
    Task Stop();
}
