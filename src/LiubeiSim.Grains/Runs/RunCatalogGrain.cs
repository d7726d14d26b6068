using LiubeiSim.Grains.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// The cluster's list of durable runs, its queue and its keeper (see <see cref="IRunCatalogGrain"/>). The list is the
/// grain's state, so it survives the silo that holds it: the next call activates it elsewhere from storage.
/// </summary>
/// <remarks>
/// One grain for the cluster is a deliberate fan-in: it sees a few calls per run (submit, start, end) and one keep per
/// silo every few seconds, never a month's traffic. docs/scaling.md says when it would become the limit.
/// </remarks>
// The grain type is part of the stored state's key: pinned to the name the class gave it, so a rename keeps the records.
[GrainType("runcatalog")]
public sealed partial class RunCatalogGrain(
    [PersistentState("catalog")] IPersistentState<RunCatalogState> catalog,
    IOptions<RunStoreOptions> options,
    TimeProvider time,
    ILogger<RunCatalogGrain> log) : Grain, IRunCatalogGrain
{
    /// <summary>A run that does not answer a poke within this is left for the next keep (its silo may be dying).</summary>
    private static readonly TimeSpan PokeLimit = TimeSpan.FromSeconds(5);

    private List<RunEntry> Entries => catalog.State.Runs;

    public async Task<SubmitOutcome> Submit(string runId, RunRequest request)
    {
        if (Entries.Find(e => e.Id == runId) is { } known)
        {
            return new SubmitOutcome { Accepted = true, State = known.State };
        }

        var waiting = Entries.Count(e => e.State == RunState.Queued);
        if (waiting >= Math.Max(1, options.Value.MaxQueued))
        {
            return new SubmitOutcome
            {
                Accepted = false,
                Refusal = $"{waiting} {(waiting == 1 ? "run is" : "runs are")} already waiting, the most this cluster queues (Runs:MaxQueued); try again when some have finished.",
            };
        }

        var now = time.GetUtcNow();
        var run = GrainFactory.GetGrain<IScenarioRunGrain>(runId);
        await run.Accept(request with { Durable = true }, now);
        Entries.Add(new RunEntry
        {
            Id = runId,
            Scenario = request.Scenario.Name,
            Replications = request.Scenario.Replications,
            Months = request.Scenario.Months,
            Seed = request.Scenario.Seed,
            State = RunState.Queued,
            CreatedAt = now,
            Owner = request.Owner,
        });
        await catalog.WriteStateAsync();
        try
        {
            await StartWaitingAsync();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // The run is recorded and queued: it starts at the next keep. Failing the submission would invite a duplicate.
            LogPokeFailed(runId, e.GetType().Name, e.Message);
        }

        var state = Entries.Find(e => e.Id == runId)?.State ?? RunState.Queued;
        return new SubmitOutcome { Accepted = true, State = state };
    }

    public async Task Update(string runId, RunState state, DateTimeOffset at)
    {
        if (Set(runId, state, at))
        {
            await StartWaitingAsync();
            await RetainAsync();
            await catalog.WriteStateAsync();
        }
    }

    public Task<RunPage> List(RunState? state, int limit, string? after)
    {
        // Newest first; ties (same instant) by id, so pages never skip or repeat a run.
        var ordered = Entries
            .Where(e => state is null || e.State == state)
            .OrderByDescending(e => e.CreatedAt)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        var start = 0;
        if (after is not null)
        {
            // Positioned by the run's place in the whole list, not in this state's: a run that changed state since
            // the previous page (running, then completed) still marks where that page ended.
            if (Entries.Find(e => e.Id == after) is not { } mark)
            {
                return Task.FromResult(new RunPage { Runs = [], Total = ordered.Count, UnknownAfter = true });
            }

            start = ordered.FindIndex(e => e.CreatedAt < mark.CreatedAt || (e.CreatedAt == mark.CreatedAt && string.CompareOrdinal(e.Id, mark.Id) > 0));
            start = start < 0 ? ordered.Count : start;
        }

        var page = ordered.Skip(start).Take(Math.Max(1, limit)).ToList();
        var next = start + page.Count < ordered.Count && page.Count > 0 ? page[^1].Id : null;
        return Task.FromResult(new RunPage { Runs = page, Next = next, Total = ordered.Count });
    }

    public async Task Keep()
    {
        var changed = false;
        foreach (var entry in Entries.Where(e => e.State == RunState.Running).ToList())
        {
            try
            {
                // Activates the run if its silo was lost; a run that finished while its end message was lost says so here.
                var state = await GrainFactory.GetGrain<IScenarioRunGrain>(entry.Id).Resume().WaitAsync(PokeLimit);

                // No record behind a running entry: its storage lost it. Said, never left running for ever.
                changed |= Set(entry.Id, state == RunState.NotStarted ? RunState.Failed : state, time.GetUtcNow());
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                LogPokeFailed(entry.Id, e.GetType().Name, e.Message);
            }
        }

        changed |= await StartWaitingAsync(save: false);
        changed |= await RetainAsync();
        if (changed)
        {
            await catalog.WriteStateAsync();
        }
    }

    /// <summary>Starts queued runs, oldest first, while fewer than the limit run.</summary>
    private async Task<bool> StartWaitingAsync(bool save = true)
    {
        var changed = false;
        var running = Entries.Count(e => e.State == RunState.Running);
        foreach (var entry in Entries.Where(e => e.State == RunState.Queued).OrderBy(e => e.CreatedAt).ToList())
        {
            if (running >= Math.Max(1, options.Value.MaxConcurrent))
            {
                break;
            }

            RunState state;
            try
            {
                state = await GrainFactory.GetGrain<IScenarioRunGrain>(entry.Id).Begin().WaitAsync(PokeLimit);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                // One run that cannot start now (its silo dying) holds up none behind it; the next keep tries it again.
                LogPokeFailed(entry.Id, e.GetType().Name, e.Message);
                continue;
            }

            changed |= Set(entry.Id, state, time.GetUtcNow());
            if (state == RunState.Running)
            {
                running++;
            }
        }

        if (changed && save)
        {
            await catalog.WriteStateAsync();
        }

        return changed;
    }

    /// <summary>Forgets finished runs past the retained count or age, oldest first.</summary>
    private async Task<bool> RetainAsync()
    {
        var now = time.GetUtcNow();
        var finished = Entries.Where(e => IsFinished(e.State)).OrderByDescending(e => e.FinishedAt ?? e.CreatedAt).ToList();
        var forget = finished.Skip(Math.Max(0, options.Value.Retained))
            .Concat(finished.Where(e => now - (e.FinishedAt ?? e.CreatedAt) > options.Value.RetainedFor))
            .DistinctBy(e => e.Id)
            .ToList();
        var forgotten = 0;
        foreach (var entry in forget)
        {
            try
            {
                await GrainFactory.GetGrain<IScenarioRunGrain>(entry.Id).Forget();
                Entries.RemoveAll(e => e.Id == entry.Id);
                forgotten++;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                LogPokeFailed(entry.Id, e.GetType().Name, e.Message);
            }
        }

        return forgotten > 0;
    }

    private bool Set(string runId, RunState state, DateTimeOffset at)
    {
        var index = Entries.FindIndex(e => e.Id == runId);
        // Never out of a finished state: a late message from an activation that lost a race cannot reopen or recast a run.
        if (index < 0 || Entries[index].State == state || state == RunState.NotStarted || IsFinished(Entries[index].State))
        {
            return false;
        }

        Entries[index] = Entries[index] with { State = state, FinishedAt = IsFinished(state) ? at : null };
        return true;
    }

    private static bool IsFinished(RunState state) => state is RunState.Completed or RunState.Failed or RunState.Cancelled;

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} did not answer the catalog's poke ({Error}: {Detail}); trying again at the next keep")]
    private partial void LogPokeFailed(string runId, string error, string detail);
}

/// <summary>The catalog as kept in grain storage: every durable run the cluster remembers, in order of submission.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Runs.RunCatalogState")]
public sealed class RunCatalogState
{
    [Id(0)] public List<RunEntry> Runs { get; set; } = [];
}
