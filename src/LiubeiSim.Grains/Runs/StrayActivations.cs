namespace LiubeiSim.Grains.Runs;

/// <summary>
/// A run-scoped activation (shard, entity, district) that nobody starts leaves by itself. A message that reaches an
/// activation while it deactivates is handed to a new one: seen after a cancel, a shard came back 13 ms after its Stop
/// and was never started. Its run is over, so no one calls Stop, and without this it would sit idle until collection.
/// </summary>
internal static class StrayActivations
{
    /// <summary>
    /// Far longer than a real activation waits for its Start: Start is the message that activates it, handled before
    /// any timer tick. Short enough that a cancelled run's activations are all gone within seconds.
    /// </summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>Called from <c>OnActivateAsync</c>: once <see cref="Grace"/> has passed, deactivates the grain unless <paramref name="started"/> says it was started.</summary>
    public static void LeaveUnlessStarted<TGrain>(this TGrain grain, Func<TGrain, bool> started)
        where TGrain : IGrainBase
    {
        // Not interleaved: the check runs between the grain's turns, never in the middle of its Start.
        grain.RegisterGrainTimer(
            static (state, _) =>
            {
                if (!state.started(state.grain))
                {
                    state.grain.DeactivateOnIdle();
                }

                return Task.CompletedTask;
            },
            (grain, started),
            new GrainTimerCreationOptions(Grace, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }
}
