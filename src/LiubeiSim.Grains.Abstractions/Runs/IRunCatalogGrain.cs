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

    /// <summary>Records the run (queued) and starts it if a slot is free. Refused (with the reason) when the queue is full.</summary>
    [Alias("Submit")]
    Task<SubmitOutcome> Submit(string runId, RunRequest request);

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
    [Id(2)] public string? Refusal { get; init; }
}
