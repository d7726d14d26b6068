using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// One scenario run, keyed by its id: splits the replications into shards, advances them month by month, merges their
/// blocks and keeps the outcome. A durable run (<see cref="RunRequest.Durable"/>) is a record in grain storage: any
/// host answers for it, it outlives its silo, and the run catalog queues, resumes and forgets it.
/// </summary>
[Alias("LiubeiSim.Grains.Runs.IScenarioRunGrain")]
public interface IScenarioRunGrain : IGrainWithStringKey
{
    /// <summary>Starts the run now and returns at once; progress and outcome come from <see cref="GetStatus"/>.</summary>
    [Alias("Start")]
    Task Start(RunRequest request);

    /// <summary>Records a durable run as queued (the catalog starts it with <see cref="Begin"/>); a second call with the run already recorded does nothing.</summary>
    [Alias("Accept")]
    Task Accept(RunRequest request, DateTimeOffset createdAt);

    /// <summary>Starts a queued durable run; returns its state (a run cancelled while it waited stays cancelled).</summary>
    [Alias("Begin")]
    Task<RunState> Begin();

    /// <summary>
    /// Makes sure a durable run that should be running is: a fresh activation of a run whose silo was lost starts it
    /// again from its first month (the numbers are a function of the seed, so they come out the same). Returns its state.
    /// </summary>
    [Alias("Resume")]
    Task<RunState> Resume();

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

    /// <summary>Stops the run after the month under way (a queued one at once). False when it had already finished or was never submitted.</summary>
    [Alias("Cancel")]
    Task<bool> Cancel();

    /// <summary>The result of a completed run.</summary>
    [Alias("GetResult")]
    Task<Immutable<RunResult>> GetResult();

    /// <summary>
    /// Whether the shard keyed by <paramref name="restart"/>, <paramref name="shard"/> and <paramref name="generation"/>
    /// (<see cref="Entities.EntityAddress.Shard"/>) is one this run is computing now. A shard left idle asks: one of an
    /// attempt whose run grain was lost, or replaced when its silo only looked dead, is told no and lets its data go.
    /// </summary>
    [Alias("HoldsShard")]
    Task<bool> HoldsShard(int restart, int shard, int generation);

    /// <summary>Lets the run's activations go (after the result was read, or after a failure); a durable run's record stays.</summary>
    [Alias("Stop")]
    Task Stop();

    /// <summary>Deletes a finished durable run's record and result (retention); a run not finished is kept.</summary>
    [Alias("Forget")]
    Task<bool> Forget();
}
