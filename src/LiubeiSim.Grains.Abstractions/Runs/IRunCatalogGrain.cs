using LiubeiSim.Grains.Messages;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// The cluster's durable runs: one list, newest first, that any host pages through; the queue that starts runs as
/// slots free up; the keeper that resumes runs whose silo was lost; and retention, which forgets old finished runs.
/// One activation for the cluster (key <see cref="Key"/>), its state in grain storage.
/// </summary>
[Alias("LiubeiSim.Grains.Runs.IRunCatalogGrain")]
public interface IRunCatalogGrain : IGrainWithStringKey
{
    public const string Key = "runs";

    /// <summary>
    /// Records the run (queued) and starts it if a slot and its memory are free. Refused, with the reason: a run whose
    /// memory estimate exceeds the budget (<see cref="SubmitRefusal.TooLarge"/>), an owner over a quota
    /// (<see cref="SubmitRefusal.OverQuota"/>, with when to try again), a full queue (<see cref="SubmitRefusal.QueueFull"/>).
    /// </summary>
    [Alias("Submit")]
    Task<SubmitOutcome> Submit(string runId, RunRequest request);

    /// <summary>
    /// Cancels a run: a queued one gives up its place in the queue, its owner's slot and the replication-months it was
    /// charged before this returns; a running one stops after the month under way and frees its slot when it has.
    /// False when the run had already finished (or is unknown to the cluster).
    /// </summary>
    [Alias("Cancel")]
    Task<bool> Cancel(string runId);

    /// <summary>
    /// Reserves memory for simulation outside the catalog's runs (a comparison, a sweep's points), counted with the
    /// running runs against the budget: at least <paramref name="minBytes"/>, up to <paramref name="wantedBytes"/>, for
    /// the lease of the catalog's silo (<c>Admission:ReservationLease</c>). Asked again by the same holder, it renews what it holds
    /// (<paramref name="renew"/>: record it even over the budget, since the holder is already computing).
    /// </summary>
    [Alias("Reserve")]
    Task<MemoryGrant> Reserve(string holder, long minBytes, long wantedBytes, bool renew);

    /// <summary>Gives back what <paramref name="holder"/> reserved; queued runs that now fit start.</summary>
    [Alias("Release")]
    Task Release(string holder);

    /// <summary>A run reports its end (or that it started, after a resume); one-way, so a run never waits on the catalog.</summary>
    [OneWay]
    [Alias("Update")]
    Task Update(string runId, RunState state, DateTimeOffset at);

    /// <summary>
    /// Runs newest first, optionally of one state, <paramref name="limit"/> at a time after the run <paramref name="after"/>
    /// (placed by its creation, so it may have changed state since); an <paramref name="after"/> the catalog does not
    /// know gives an empty page marked <see cref="RunPage.UnknownAfter"/>.
    /// </summary>
    /// <remarks>Interleaves: a listing only reads, and must not wait behind a keep that pokes a slow run.</remarks>
    [AlwaysInterleave]
    [Alias("List")]
    Task<RunPage> List(RunState? state, int limit, string? after);

    /// <summary>
    /// Called every few seconds by every host: pokes running runs (so one whose silo was lost starts again elsewhere),
    /// starts queued runs into free slots, and applies retention. Idempotent.
    /// </summary>
    [Alias("Keep")]
    Task Keep();
}

/// <summary>One run as the catalog lists it.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Runs.RunEntry")]
public sealed record RunEntry
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Scenario { get; init; }
    [Id(2)] public required int Replications { get; init; }
    [Id(3)] public required int Months { get; init; }
    [Id(4)] public required ulong Seed { get; init; }
    [Id(5)] public required RunState State { get; init; }
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(7)] public DateTimeOffset? FinishedAt { get; init; }
    [Id(8)] public string? Owner { get; init; }

    /// <summary>The run's peak memory as estimated when it was submitted (0 for runs recorded before estimates).</summary>
    [Id(9)] public long EstimatedBytes { get; init; }

    /// <summary>Replication-months charged to its owner's hourly quota, synthetic firms weighing in.</summary>
    [Id(10)] public long ReplicationMonths { get; init; }

    /// <summary>
    /// It left the queue at some point. A run cancelled while still queued computed nothing, so its replication-months
    /// are not charged to its owner's quota.
    /// </summary>
    [Id(11)] public bool Started { get; init; }
}

/// <summary>A page of runs; <see cref="Next"/> is the <c>after</c> of the next page, null on the last.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Runs.RunPage")]
public sealed record RunPage
{
    [Id(0)] public required IReadOnlyList<RunEntry> Runs { get; init; }
    [Id(1)] public string? Next { get; init; }
    [Id(2)] public required int Total { get; init; }

    /// <summary>The <c>after</c> asked for names no run in the catalog (never listed, or forgotten since): the page is empty for that reason, not because the list ended.</summary>
    [Id(3)] public bool UnknownAfter { get; init; }
}

/// <summary>What became of a submission: accepted (queued or running), or refused with the reason.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Runs.SubmitOutcome")]
public sealed record SubmitOutcome
{
    [Id(0)] public required bool Accepted { get; init; }
    [Id(1)] public RunState State { get; init; }

    /// <summary>Why it was refused, in words a client can act on.</summary>
    [Id(2)] public string? Refusal { get; init; }

    [Id(3)] public SubmitRefusal Reason { get; init; }

    /// <summary>The run's estimated peak memory, and the budget it was held against (both 0 when memory was not the question).</summary>
    [Id(4)] public long EstimatedBytes { get; init; }

    [Id(5)] public long LimitBytes { get; init; }

    /// <summary>When trying again may succeed, for a quota or a full queue; null when the catalog cannot tell.</summary>
    [Id(6)] public TimeSpan? RetryAfter { get; init; }

    /// <summary>For a run too large: the most replications this scenario could run with (0 when fewer would not do).</summary>
    [Id(7)] public int MaxReplications { get; init; }
}

/// <summary>Why the catalog refused a run.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Runs.SubmitRefusal")]
public enum SubmitRefusal
{
    /// <summary>Not refused (or refused by a silo that did not say why: treated as a full queue).</summary>
    None = 0,

    /// <summary>The cluster already queues <c>Runs:MaxQueued</c> runs; try later (503).</summary>
    QueueFull = 1,

    /// <summary>Its memory estimate exceeds the budget, or its work one owner's hourly quota: it can never run as asked (422).</summary>
    TooLarge = 2,

    /// <summary>Its owner has as many runs as allowed, or used the hour's replication-months; try after <see cref="SubmitOutcome.RetryAfter"/> (429).</summary>
    OverQuota = 3,
}

/// <summary>What a reservation of memory got: granted (with the bytes held), or not, with the memory in use and the budget.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Runs.MemoryGrant")]
public sealed record MemoryGrant
{
    [Id(0)] public required bool Granted { get; init; }
    [Id(1)] public long Bytes { get; init; }
    [Id(2)] public long InUseBytes { get; init; }
    [Id(3)] public long BudgetBytes { get; init; }

    /// <summary>When memory may be free again, from the running runs' progress; null when the catalog cannot tell.</summary>
    [Id(4)] public TimeSpan? RetryAfter { get; init; }
}
