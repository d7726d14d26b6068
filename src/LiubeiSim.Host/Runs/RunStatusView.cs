using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;

namespace LiubeiSim.Host.Runs;

/// <summary>The body of <c>GET /api/runs/{id}</c>.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Progress">0 to 1 by replication-months; 1 only once the files can be fetched. Back to 0 when the run is restarted (<paramref name="Restarts"/>).</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Replications">Monte Carlo replications.</param>
/// <param name="Seed">Seed of the random streams.</param>
/// <param name="Months">Months simulated.</param>
/// <param name="Shards">Blocks of replications run in parallel on the cluster (the request's, or the engine's choice for the host that accepted it).</param>
/// <param name="CreatedAt">When the cluster accepted the run.</param>
/// <param name="StartedAt">When it left the queue; null while queued.</param>
/// <param name="FinishedAt">When it completed, failed or was cancelled.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds from start to finish (to now while running), restarts included; null while queued.</param>
/// <param name="Error">Why it failed, in the district's terms (the entity, the month and the model's reason, or lost silos), or how it was cancelled when that says something.</param>
/// <param name="SummaryUrl">Where its summary.json is, once completed.</param>
/// <param name="Restarts">Times the run was started again from its first month because its grain was lost with its silo (a host stopped or died).</param>
/// <param name="ShardsRecomputed">Shards recomputed from their seed on another silo after theirs was lost. Neither changes the numbers.</param>
/// <param name="Owner">The name of the API key that submitted it (<c>local</c> on a host with no keys); null when it came another way.</param>
/// <param name="CorrelationId">For a failed run, the id under which the silo logged the failure's details (addresses, grain keys, stack traces); null otherwise.</param>
public sealed record RunStatusView(
    string Id,
    string Status,
    double Progress,
    string Scenario,
    int Replications,
    ulong Seed,
    int Months,
    int Shards,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? ElapsedSeconds,
    string? Error,
    string? SummaryUrl,
    int Restarts,
    int ShardsRecomputed,
    string? Owner,
    string? CorrelationId)
{
    public static RunStatusView From(string id, RunStatus status, DateTimeOffset now)
    {
        double? elapsed = status.StartedAt is { } started ? Math.Max(0, ((status.FinishedAt ?? now) - started).TotalSeconds) : null;
        return new RunStatusView(
            id,
            StatusName(status.State),
            ProgressOf(status),
            status.Scenario,
            status.Replications,
            status.Seed,
            status.Months,
            status.Shards,
            status.CreatedAt,
            status.StartedAt,
            status.FinishedAt,
            elapsed,
            status.Failure,
            status.State == RunState.Completed ? RunEndpoints.SummaryLink(id) : null,
            status.Restarts,
            status.ShardsRecomputed,
            status.Owner,
            status.CorrelationId);
    }

    /// <summary>Never 1 before the result is stored: 1 means the files can be fetched.</summary>
    public static double ProgressOf(RunStatus status)
    {
        if (status.State == RunState.Completed)
        {
            return 1;
        }

        var total = (double)status.Replications * status.Months;
        return total > 0 ? Math.Min(0.999, status.ReplicationMonthsDone / total) : 0;
    }

    public static string StatusName(RunState state) => state.ToString().ToLowerInvariant();
}

/// <summary>The body of <c>GET /api/runs</c>: a page of runs, newest first.</summary>
/// <param name="Runs">This page's runs.</param>
/// <param name="Next">The <c>after</c> of the next page (the last run's id here), or null on the last page.</param>
/// <param name="Total">Runs the cluster remembers with the asked status (all of them without one).</param>
public sealed record RunListView(IReadOnlyList<RunListEntry> Runs, string? Next, int Total);

/// <summary>One run in a listing: what the run catalog knows, with live progress for running runs.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Progress">0 queued, the run's own figure while running, 1 completed; null for a failed or cancelled run (its own page says where it stopped).</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Replications">Monte Carlo replications.</param>
/// <param name="Seed">Seed of the random streams.</param>
/// <param name="Months">Months simulated.</param>
/// <param name="CreatedAt">When the cluster accepted the run.</param>
/// <param name="FinishedAt">When it completed, failed or was cancelled.</param>
/// <param name="Url">Its status, <c>GET /api/runs/{id}</c>.</param>
/// <param name="SummaryUrl">Where its summary.json is, once completed.</param>
/// <param name="Owner">The name of the API key that submitted it; null when it came another way.</param>
public sealed record RunListEntry(
    string Id,
    string Status,
    double? Progress,
    string Scenario,
    int Replications,
    ulong Seed,
    int Months,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string Url,
    string? SummaryUrl,
    string? Owner = null)
{
    /// <summary>The catalog's entry, its status and progress taken from <paramref name="live"/> when the run was asked (running runs).</summary>
    public static RunListEntry From(RunEntry entry, RunStatus? live)
    {
        var state = live?.State is { } s and not RunState.NotStarted ? s : entry.State;
        double? progress = state switch
        {
            RunState.Queued => 0,
            RunState.Completed => 1,
            RunState.Running => live is null ? null : RunStatusView.ProgressOf(live),
            _ => null,
        };
        return new RunListEntry(
            entry.Id,
            RunStatusView.StatusName(state),
            progress,
            entry.Scenario,
            entry.Replications,
            entry.Seed,
            entry.Months,
            entry.CreatedAt,
            live?.FinishedAt ?? entry.FinishedAt,
            $"{RunEndpoints.RunsPath}/{entry.Id}",
            state == RunState.Completed ? RunEndpoints.SummaryLink(entry.Id) : null,
            entry.Owner);
    }
}
