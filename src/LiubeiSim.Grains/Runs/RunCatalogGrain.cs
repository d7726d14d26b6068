using System.Globalization;
using LiubeiSim.Grains.Admission;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Admission;
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
    AdmissionBudget admission,
    TimeProvider time,
    ILogger<RunCatalogGrain> log) : Grain, IRunCatalogGrain
{
    /// <summary>A run that does not answer a poke within this is left for the next keep (its silo may be dying).</summary>
    private static readonly TimeSpan PokeLimit = TimeSpan.FromSeconds(5);

    /// <summary>The window of the replication-months quota.</summary>
    private static readonly TimeSpan QuotaWindow = TimeSpan.FromHours(1);

    /// <summary>Memory held outside the runs (comparisons, sweeps), by holder; in memory only, since holders renew within their lease.</summary>
    private readonly Dictionary<string, (long Bytes, DateTimeOffset Until)> _reservations = new(StringComparer.Ordinal);

    private List<RunEntry> Entries => catalog.State.Runs;

    private long Budget => admission.Memory.Bytes;

    public async Task<SubmitOutcome> Submit(string runId, RunRequest request)
    {
        if (Entries.Find(e => e.Id == runId) is { } known)
        {
            return new SubmitOutcome { Accepted = true, State = known.State };
        }

        // Cheapest refusal first and the permanent before the passing: too large never fits, a quota frees with time.
        var parameters = SharedParameters.For(request.Scenario, request.Io);
        var cost = RunCostEstimator.Estimate(parameters, RunEngine.Grains, request.Shards);
        if (cost.PeakBytes > Budget)
        {
            return TooLarge(cost, parameters, request.Shards);
        }

        var now = time.GetUtcNow();
        if (await OverQuotaAsync(request.Owner, cost, now) is { } overQuota)
        {
            return overQuota;
        }

        var waiting = Entries.Count(e => e.State == RunState.Queued);
        if (waiting >= Math.Max(1, options.Value.MaxQueued))
        {
            return new SubmitOutcome
            {
                Accepted = false,
                Reason = SubmitRefusal.QueueFull,
                Refusal = $"{waiting} {(waiting == 1 ? "run is" : "runs are")} already waiting, the most this cluster queues (Runs:MaxQueued); try again when some have finished.",
                RetryAfter = await EarliestEndAsync(Entries.Where(e => e.State == RunState.Running)),
            };
        }

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
            EstimatedBytes = cost.PeakBytes,
            ReplicationMonths = cost.ReplicationMonths,
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

    public async Task<bool> Cancel(string runId)
    {
        var cancelled = await GrainFactory.GetGrain<IScenarioRunGrain>(runId).Cancel();

        // A queued run is over the moment its grain says so: recorded here in the same turn, so the next submission finds
        // its place free (the run's own one-way word arrives later and changes nothing). A running run holds its memory
        // until its loop has stopped, and says so itself.
        if (cancelled && Entries.Find(e => e.Id == runId) is { State: RunState.Queued } && Set(runId, RunState.Cancelled, time.GetUtcNow()))
        {
            await StartWaitingAsync(save: false);
            await catalog.WriteStateAsync();
        }

        return cancelled;
    }

    public async Task<MemoryGrant> Reserve(string holder, long minBytes, long wantedBytes, bool renew)
    {
        var now = time.GetUtcNow();
        var until = now + admission.Options.ReservationLease;
        if (_reservations.TryGetValue(holder, out var held) || renew)
        {
            // A holder already computing keeps what it holds (or what it asks, after this grain was activated afresh).
            var bytes = held.Bytes > 0 ? held.Bytes : Math.Max(minBytes, wantedBytes);
            _reservations[holder] = (bytes, until);
            return new MemoryGrant { Granted = true, Bytes = bytes, InUseBytes = InUse(now), BudgetBytes = Budget };
        }

        var inUse = InUse(now);
        var free = Budget - inUse;
        if (minBytes > free)
        {
            return new MemoryGrant { Granted = false, InUseBytes = inUse, BudgetBytes = Budget, RetryAfter = minBytes > Budget ? null : await EarliestEndAsync(Entries.Where(e => e.State == RunState.Running)) };
        }

        var granted = Math.Clamp(wantedBytes, minBytes, free);
        _reservations[holder] = (granted, until);
        return new MemoryGrant { Granted = true, Bytes = granted, InUseBytes = inUse + granted, BudgetBytes = Budget };
    }

    public async Task Release(string holder)
    {
        if (_reservations.Remove(holder))
        {
            await StartWaitingAsync();
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

    /// <summary>
    /// Starts queued runs, oldest first, while fewer than the limit run and the next one's memory fits beside the running
    /// runs' and the reservations'. The oldest that does not fit waits for memory and holds up those behind it, so a
    /// large run is not passed for ever by small ones; one that fits nothing else started is started anyway when nothing
    /// else holds memory (it fitted the budget when it was accepted).
    /// </summary>
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

            var inUse = InUse(time.GetUtcNow());
            if (inUse > 0 && inUse + entry.EstimatedBytes > Budget)
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

        Entries[index] = Entries[index] with { State = state, FinishedAt = IsFinished(state) ? at : null, Started = Entries[index].Started || state == RunState.Running };
        return true;
    }

    private static bool IsFinished(RunState state) => state is RunState.Completed or RunState.Failed or RunState.Cancelled;

    /// <summary>Memory held now: the running runs' estimates and the reservations not yet expired (expired ones are dropped).</summary>
    private long InUse(DateTimeOffset now)
    {
        foreach (var expired in _reservations.Where(r => r.Value.Until <= now).Select(r => r.Key).ToList())
        {
            _reservations.Remove(expired);
        }

        return Entries.Where(e => e.State == RunState.Running).Sum(e => e.EstimatedBytes) + _reservations.Values.Sum(r => r.Bytes);
    }

    private SubmitOutcome TooLarge(RunCost cost, Model.Parameters.ModelParameters parameters, int shards)
    {
        var budget = admission.Memory;

        // The shards asked for, or one per replication when there are fewer (as the split does).
        var most = RunCostEstimator.MaxReplications(parameters, RunEngine.Grains, budget.Bytes, _ => shards);
        var change = most > 0
            ? string.Create(CultureInfo.InvariantCulture, $"run at most {most:N0} replications with these settings, or fewer months, synthetic firms or shards")
            : "a shorter horizon, fewer synthetic firms or fewer shards: not even one replication of this run fits";
        return new SubmitOutcome
        {
            Accepted = false,
            Reason = SubmitRefusal.TooLarge,
            EstimatedBytes = cost.PeakBytes,
            LimitBytes = budget.Bytes,
            MaxReplications = most,
            Refusal = $"this run needs about {ByteSize.Format(cost.PeakBytes)} of memory ({cost.Size} on {cost.Shards:N0} shards), over the {ByteSize.Format(budget.Bytes)} this cluster gives a run ({budget.Source}); {change}.",
        };
    }

    /// <summary>The owner's quotas: runs queued or running, and replication-months submitted in the last hour. Null when within both.</summary>
    private async Task<SubmitOutcome?> OverQuotaAsync(string? owner, RunCost cost, DateTimeOffset now)
    {
        var settings = admission.Options;
        var mine = Entries.Where(e => string.Equals(e.Owner ?? string.Empty, owner ?? string.Empty, StringComparison.Ordinal)).ToList();
        var who = string.IsNullOrEmpty(owner) ? "this client" : $"'{owner}'";
        var active = mine.Count(e => e.State is RunState.Queued or RunState.Running);
        if (settings.MaxRunsPerOwner > 0 && active >= settings.MaxRunsPerOwner)
        {
            return new SubmitOutcome
            {
                Accepted = false,
                Reason = SubmitRefusal.OverQuota,
                RetryAfter = await EarliestEndAsync(mine.Where(e => e.State == RunState.Running)),
                Refusal = $"{who} already has {active} runs queued or running, the most one owner may have (Admission:MaxRunsPerOwner); try again when one has finished, or cancel one.",
            };
        }

        var hourly = settings.MaxReplicationMonthsPerOwnerPerHour;
        if (hourly <= 0)
        {
            return null;
        }

        if (cost.ReplicationMonths > hourly)
        {
            return new SubmitOutcome
            {
                Accepted = false,
                Reason = SubmitRefusal.TooLarge,
                Refusal = string.Create(CultureInfo.InvariantCulture, $"this run is {cost.ReplicationMonths:N0} replication-months ({cost.Size}), more than one owner may submit in an hour ({hourly:N0}, Admission:MaxReplicationMonthsPerOwnerPerHour); run fewer replications or months."),
            };
        }

        // Runs not cancelled before they started, in the last hour, oldest first: each ages out an hour after it was submitted.
        var charged = mine.Where(e => now - e.CreatedAt < QuotaWindow && !(e.State == RunState.Cancelled && !e.Started))
            .OrderBy(e => e.CreatedAt)
            .ToList();
        var used = charged.Sum(e => e.ReplicationMonths);
        if (used + cost.ReplicationMonths <= hourly)
        {
            return null;
        }

        var over = used + cost.ReplicationMonths - hourly;
        var wait = QuotaWindow;
        foreach (var entry in charged)
        {
            over -= entry.ReplicationMonths;
            if (over <= 0)
            {
                wait = entry.CreatedAt + QuotaWindow - now;
                break;
            }
        }

        return new SubmitOutcome
        {
            Accepted = false,
            Reason = SubmitRefusal.OverQuota,
            RetryAfter = wait,
            Refusal = string.Create(CultureInfo.InvariantCulture, $"{who} submitted {used:N0} replication-months in the last hour and this run is {cost.ReplicationMonths:N0} more, over the {hourly:N0} one owner may submit in an hour (Admission:MaxReplicationMonthsPerOwnerPerHour); try again in {Math.Ceiling(wait.TotalMinutes):0} minutes, or run fewer replications or months."),
        };
    }

    /// <summary>
    /// When the soonest of these runs should end, from its progress so far (its elapsed time scaled by what is left);
    /// null when none has progress to go by. Each run is asked within the poke limit; one that does not answer is skipped.
    /// </summary>
    private async Task<TimeSpan?> EarliestEndAsync(IEnumerable<RunEntry> running)
    {
        var asks = running.Take(16).Select(async e =>
        {
            try
            {
                var status = await GrainFactory.GetGrain<IScenarioRunGrain>(e.Id).GetStatus().WaitAsync(PokeLimit);
                var total = (double)status.Replications * status.Months;
                if (status.ReplicationMonthsDone <= 0 || total <= 0 || status.ElapsedSeconds <= 0)
                {
                    return (TimeSpan?)null;
                }

                var done = Math.Min(1, status.ReplicationMonthsDone / total);
                return TimeSpan.FromSeconds(status.ElapsedSeconds * (1 - done) / done);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                LogPokeFailed(e.Id, ex.GetType().Name, ex.Message);
                return null;
            }
        });
        var ends = (await Task.WhenAll(asks)).Where(t => t is not null).Select(t => t!.Value).ToList();
        return ends.Count == 0 ? null : TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(ends.Min().TotalSeconds), 1, QuotaWindow.TotalSeconds));
    }

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
