using System.Diagnostics;
using LiubeiSim.Aggregation;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Telemetry;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// One scenario run. Splits the replications with <see cref="ReplicationBlocks.Split"/> (the in-process engine's
/// split), starts the shards, and hands them to <see cref="RunDriver"/>, which advances them month by month in
/// parallel and merges each month's blocks by replication index, so the result does not depend on which shard
/// finished first or on which silo it ran.
/// </summary>
/// <remarks>
/// Losing a silo loses no run. A shard whose activation is lost is recomputed from its seed on a new activation
/// (<see cref="ShardStepper"/>), as Spark recomputes a lost partition; a durable run whose own grain is lost is
/// started again from its first month by the next activation (the catalog pokes it within seconds). Both give the
/// same bytes because every replication's numbers are a function of the seed and its index alone.
/// </remarks>
// The grain type is part of the stored state's key: pinned to the name the class gave it, so a rename keeps the records.
[GrainType("scenariorun")]
public sealed partial class ScenarioRunGrain(
    [PersistentState("run")] IPersistentState<RunRecord> record,
    [PersistentState("result")] IPersistentState<RunOutcome> outcome,
    IOptions<RunStoreOptions> options,
    IClusterMembershipService membership,
    TimeProvider time,
    LocalCancellations cancellations,
    ILogger<ScenarioRunGrain> log) : Grain, IScenarioRunGrain
{
    public const string EngineName = "orleans";

    /// <summary>Times one shard may be recomputed within one month before the run fails: enough to outlast a silo's detection.</summary>
    private const int MaxShardRecoveries = 8;

    private static readonly TimeSpan MaxRecoveryDelay = TimeSpan.FromSeconds(4);

    /// <summary>The least a shard-month is given before its shard counts as lost (the longest measured was 3.7 s: 100,000 replications in one shard).</summary>
    private static readonly TimeSpan MinStepLimit = TimeSpan.FromSeconds(20);

    /// <summary>How long storage may be unreachable while a run records its outcome before the run gives up on storing it.</summary>
    private const int StoreAttempts = 6;

    private readonly Stopwatch _clock = new();
    private Task? _loop;
    private CancellationTokenSource _cancel = new();
    private CancellationTokenSource _leaving = new();
    private int _shards;
    private long _shardMonthsDone;
    private long _replicationMonthsDone;
    private ShardStepper[] _steppers = [];
    private RunResult? _result;
    private bool _inFlight;

    /// <summary>Completed when the run loop leaves, whatever the outcome; continuations run off the loop's turn.</summary>
    private TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunRecord Run => record.State;

    private bool Durable => Run.Request?.Durable == true;

    private string RunId => this.GetPrimaryKeyString();

    public async Task Start(RunRequest request)
    {
        if (Run.State != RunState.NotStarted)
        {
            throw new InvalidOperationException($"Run {RunId} was already started.");
        }

        var now = time.GetUtcNow();
        Run.Request = request;
        Run.State = RunState.Running;
        Run.CreatedAt = now;
        Run.StartedAt = now;
        await SaveAsync();
        StartLoop(restart: false);
    }

    public async Task Accept(RunRequest request, DateTimeOffset createdAt)
    {
        if (!request.Durable)
        {
            throw new ArgumentException("Only a durable run is queued through the catalog.", nameof(request));
        }

        if (Run.State != RunState.NotStarted)
        {
            return;
        }

        Run.Request = request;
        Run.State = RunState.Queued;
        Run.CreatedAt = createdAt;
        await SaveAsync();
    }

    public async Task<RunState> Begin()
    {
        if (Run.State == RunState.Queued)
        {
            Run.State = RunState.Running;
            Run.StartedAt = time.GetUtcNow();
            await SaveAsync();
            StartLoop(restart: false);
        }
        else
        {
            EnsureRunning();
        }

        return Run.State;
    }

    public Task<RunState> Resume()
    {
        EnsureRunning();
        DelayDeactivation(options.Value.KeepInterval * 10);
        return Task.FromResult(Run.State);
    }

    public Task<RunStatus> GetStatus()
    {
        EnsureRunning();
        var done = _shardMonthsDone;
        var shards = Math.Max(_shards, 1);
        var request = Run.Request;
        return Task.FromResult(new RunStatus
        {
            State = Run.State,
            Month = done == 0 ? 0 : (int)((done - 1) / shards),
            ShardsDone = done == 0 ? 0 : (int)((done - 1) % shards) + 1,
            Shards = ShardCount(request),
            Months = request?.Scenario.Months ?? 0,
            ElapsedSeconds = Run.State is RunState.Running ? _clock.Elapsed.TotalSeconds : Run.SimulationSeconds,
            ReplicationMonthsDone = Run.State == RunState.Completed && request is not null ? (long)request.Scenario.Replications * request.Scenario.Months : _replicationMonthsDone,
            Failure = Run.Failure,
            CorrelationId = Run.FailureId,
            Scenario = request?.Scenario.Name ?? string.Empty,
            Replications = request?.Scenario.Replications ?? 0,
            Seed = request?.Scenario.Seed ?? 0,
            CreatedAt = Run.CreatedAt,
            StartedAt = Run.StartedAt,
            FinishedAt = Run.FinishedAt,
            Restarts = Run.Restarts,
            ShardsRecomputed = Run.ShardsRecomputed,
            Durable = Durable,
            Owner = request?.Owner,
        });
    }

    /// <summary>
    /// The shards the run has, or will have once started: a queued run, or one read back from storage by a fresh
    /// activation, has no loop to ask, and the split is a function of the request alone.
    /// </summary>
    private int ShardCount(RunRequest? request) =>
        _shards > 0 ? _shards : request is null ? 1 : ReplicationBlocks.Split(request.Scenario.Replications, request.Shards).Length;

    public async Task WaitForEnd(TimeSpan limit)
    {
        if (Run.State is RunState.NotStarted or RunState.Completed or RunState.Failed or RunState.Cancelled)
        {
            return;
        }

        // WhenAny rather than WaitAsync(limit): a poll that times out is the normal case and should not throw.
        using var timeout = new CancellationTokenSource();
        var delay = Task.Delay(limit, timeout.Token);
        if (await Task.WhenAny(_ended.Task, delay) == _ended.Task)
        {
            timeout.Cancel();
        }
    }

    public async Task<bool> Cancel()
    {
        switch (Run.State)
        {
            case RunState.Queued:
                Run.State = RunState.Cancelled;
                Run.FinishedAt = time.GetUtcNow();
                Run.Failure = "cancelled before it started";
                await SaveAsync();
                TellCatalog();
                return true;
            case RunState.Running:
                Run.CancelRequested = true;

                // Turns of this run queued on this silo become no-ops at once, ahead of the tokens' messages.
                cancellations.Cancel(RunId);

                // Cancels every shard call in flight and, through Orleans, the entity turns they queued on any silo.
                _cancel.Cancel();
                if (_loop is null)
                {
                    // A durable run whose grain was lost and not yet resumed: nothing is computing it.
                    await FinishAsync(RunState.Cancelled, null);
                }
                else if (Durable && !await TryStoreAsync(() => record.WriteStateAsync()))
                {
                    // The cancel stands in this activation (its loop stops after the month under way) even if not recorded.
                    LogCancelNotRecorded(RunId);
                }

                return true;
            default:
                return false;
        }
    }

    public Task<Immutable<RunResult>> GetResult()
    {
        var result = _result ?? outcome.State.Result;
        return result is not null && Run.State == RunState.Completed
            ? Task.FromResult(result.AsImmutable())
            : throw new InvalidOperationException($"Run {RunId} has no result: it is {Run.State.ToString().ToLowerInvariant()}{(Run.Failure is null ? string.Empty : $" ({Run.Failure})")}.");
    }

    public Task<bool> HoldsShard(int restart, int shard, int generation)
    {
        var holds = _inFlight && restart == Run.Restarts && shard >= 0 && shard < _steppers.Length && _steppers[shard].Generation == generation;
        if (!holds && _loop is null && Run.State is not (RunState.Running or RunState.Queued))
        {
            // Woken by the question itself (a run kept in memory on a silo that stopped, or a finished durable run read
            // back from storage): nothing here to keep. A durable run still running waits for the catalog to resume it.
            DeactivateOnIdle();
        }

        return Task.FromResult(holds);
    }

    public Task Stop()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<bool> Forget()
    {
        if (Run.State is RunState.Queued or RunState.Running)
        {
            return false;
        }

        if (record.RecordExists)
        {
            await record.ClearStateAsync();
        }

        if (outcome.RecordExists)
        {
            await outcome.ClearStateAsync();
        }

        record.State = new RunRecord();
        outcome.State = new RunOutcome();
        _result = null;
        DeactivateOnIdle();
        return true;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_loop is { IsCompleted: false } loop)
        {
            // The silo is leaving (or the activation is collected): stop computing here without deciding the run's
            // outcome. A durable run stays 'running' in storage and the catalog starts it again on another silo; the
            // caller of a run kept in memory finds a fresh grain and starts it again itself.
            LogLeaving(RunId, reason.Description);
            _leaving.Cancel();
            try
            {
                await loop.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Deactivation has its own deadline; the loop's calls end with the silo.
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>A durable run recorded as running with no loop here (its grain was lost and this is a new activation) starts again.</summary>
    private void EnsureRunning()
    {
        if (_loop is null && Run.State == RunState.Running && Durable)
        {
            if (outcome.RecordExists && outcome.State.Result is not null)
            {
                // The result was stored and the record's last write was lost: the run completed, it is not run again.
                _result = outcome.State.Result;
                _loop = FinishAsync(RunState.Completed, null);
                return;
            }

            if (Run.CancelRequested)
            {
                _loop = FinishAsync(RunState.Cancelled, null);
                return;
            }

            StartLoop(restart: true);
        }
    }

    private void StartLoop(bool restart)
    {
        var request = Run.Request ?? throw new InvalidOperationException($"Run {RunId} has no request.");
        _cancel = new CancellationTokenSource();
        _leaving = new CancellationTokenSource();
        _ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _shardMonthsDone = 0;
        _replicationMonthsDone = 0;
        _clock.Restart();
        if (restart)
        {
            Run.Restarts++;
            LiubeiSimMetrics.RunsRestarted.Add(1);
            LogRestarting(RunId, Run.Restarts);
        }

        LiubeiSimMetrics.RunStarted();
        _inFlight = true;
        if (request.Durable)
        {
            // Which silo computes a durable run is worth a line in its log (operators and the chaos trials read it).
            LogStarting(RunId, request.Scenario.Name, request.Scenario.Replications, request.Shards);
        }

        // Not awaited: the loop runs on this activation's scheduler while GetStatus and Cancel calls come in between its awaits.
        _loop = RunLoop(request, restart);
    }

    private async Task RunLoop(RunRequest request, bool restart)
    {
        var steppers = Array.Empty<ShardStepper>();
        var state = RunState.Failed;
        string? failure = null;
        try
        {
            if (restart)
            {
                // Saved first, so a run that keeps losing its grain counts every attempt and gives up at the limit. Storage
                // away: the run is left undecided, running in its record, for the next poke to start again.
                if (!await TryStoreAsync(() => record.WriteStateAsync()))
                {
                    _clock.Stop();
                    _inFlight = false;
                    LiubeiSimMetrics.RunLeft();
                    _ended.TrySetResult();
                    _loop = null;
                    return;
                }

                if (Run.Restarts > options.Value.MaxRestarts)
                {
                    throw new SimulationLostException($"the run's grain was lost {Run.Restarts} times (its silo died or left each time); it was given up after {options.Value.MaxRestarts} restarts");
                }
            }

            using var token = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, _leaving.Token);
            var scenario = request.Scenario;
            var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, request.Io);
            var blocks = ReplicationBlocks.Split(scenario.Replications, request.Shards);
            _shards = blocks.Length;
            steppers = [.. blocks.Select((b, s) => new ShardStepper(this, new ShardSetup
            {
                RunId = RunId,
                Shard = s,
                Scenario = scenario,
                Io = request.Io,
                BlockStart = b.Start,
                BlockCount = b.Count,
            }))];

            _steppers = steppers;
            LiubeiSimMetrics.ShardsInFlight.Add(steppers.Length);
            try
            {
                await Task.WhenAll(steppers.Select(s => s.StartAsync(token.Token)));

                // The same driver as the in-process engine: months in lockstep, blocks merged by replication index.
                // Decided once, as the run starts: a silo joining or leaving later changes where shards go, not the numbers.
                var activeSilos = membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
                var result = await RunDriver.RunAsync(parameters, steppers, EngineName, new Progress(this), LiubeiSimMetrics.MonthMerged, options.Value.SpreadOn(activeSilos), token.Token);
                _result = result with { Timings = result.Timings with { SimulationSeconds = _clock.Elapsed.TotalSeconds } };
                state = RunState.Completed;
            }
            finally
            {
                LiubeiSimMetrics.ShardsInFlight.Add(-steppers.Length);
            }
        }
        catch (Exception) when (_leaving.IsCancellationRequested && !_cancel.IsCancellationRequested)
        {
            // Leaving this silo: the outcome is decided by the activation that starts the run again.
            _clock.Stop();
            _inFlight = false;
            LiubeiSimMetrics.RunLeft();
            _ended.TrySetResult();
            await StopShards(steppers);
            return;
        }
        catch (Exception) when (_cancel.IsCancellationRequested)
        {
            state = RunState.Cancelled;
        }
        catch (Exception e)
        {
            Run.FailureId = CorrelationIds.New();
            failure = Describe(e, Run.FailureId);
            LogFailed(e, RunId, Run.FailureId);
        }

        _clock.Stop();
        await FinishAsync(state, failure);
        await StopShards(steppers);
        if (state == RunState.Cancelled && !Durable)
        {
            // Whoever cancelled has stopped listening and will not call Stop.
            DeactivateOnIdle();
        }
    }

    /// <summary>Decides the run's outcome: the result is stored before the record says completed, so a completed run always has one.</summary>
    private async Task FinishAsync(RunState state, string? failure)
    {
        if (state == RunState.Completed && Durable)
        {
            outcome.State.Result = _result;
            if (!await TryStoreAsync(() => outcome.WriteStateAsync()))
            {
                state = RunState.Failed;
                Run.FailureId = CorrelationIds.New();
                failure = $"the run completed but its result could not be stored (the grain storage was unreachable); run it again (correlation id {Run.FailureId}: the silo's log has the details)";
                LogResultNotStored(RunId, Run.FailureId);
            }
        }

        Run.State = state;
        Run.Failure = failure;
        Run.FinishedAt = time.GetUtcNow();
        Run.SimulationSeconds = _clock.Elapsed.TotalSeconds;
        var recorded = !Durable || await TryStoreAsync(() => record.WriteStateAsync());

        if (_inFlight)
        {
            _inFlight = false;
            LiubeiSimMetrics.RunEnded(state, _clock.Elapsed);
        }

        _ended.TrySetResult();
        if (recorded)
        {
            // An outcome that could not be recorded is not announced: the record still says running, and the next poke decides.
            TellCatalog();
        }
    }

    private void TellCatalog()
    {
        if (Durable)
        {
            // One-way: the catalog may be busy poking this very run.
            _ = GrainFactory.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Update(RunId, Run.State, Run.FinishedAt ?? time.GetUtcNow());
        }
    }

    private async Task SaveAsync()
    {
        if (Durable)
        {
            await record.WriteStateAsync();
        }
    }

    /// <summary>Retries a write while storage is unreachable, a few seconds apart; false when it never succeeded.</summary>
    private async Task<bool> TryStoreAsync(Func<Task> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return true;
            }
            catch (InconsistentStateException e)
            {
                // Another activation wrote the record since this one read it (two lived briefly while a silo was dying):
                // retrying with the same ETag cannot succeed, and that activation decides the run.
                LogStoreConflict(e, RunId);
                return false;
            }
            catch (Exception e) when (attempt < StoreAttempts)
            {
                LogStoreRetry(e, RunId, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
            catch (Exception e)
            {
                LogStoreFailed(e, RunId);
                return false;
            }
        }
    }

    private async Task StopShards(ShardStepper[] steppers)
    {
        try
        {
            await Task.WhenAll(steppers.Select(s => s.StopAsync()));
        }
        catch (Exception e)
        {
            // Best effort: a shard not reached asks this run once idle and leaves; the run's outcome is already decided.
            LogStopFailed(e, RunId);
        }
    }

    /// <summary>
    /// A shard grain as the run driver sees it. When its activation is lost (its silo died or left, or a call to it
    /// failed for want of it), a new activation under a new key replays the shard's months up to the one asked for,
    /// discarding them, and goes on: the replications' numbers depend only on the seed and their index, so the
    /// months it returns are those the lost one would have.
    /// </summary>
    private sealed class ShardStepper(ScenarioRunGrain run, ShardSetup setup) : IShardStepper
    {
        private IShardGrain _shard = run.ShardGrain(setup.Shard, 0);
        private int _generation;
        private bool _lost;
        private TimeSpan _slowest;
        private double[] _sample = [];

        /// <summary>The generation of the shard's current key: raised each time a lost activation is replaced.</summary>
        public int Generation => _generation;

        /// <summary>
        /// How long one month may take before its shard counts as lost: ten times the slowest month seen, at least
        /// <see cref="MinStepLimit"/>. A call to a silo that died and was restarted on the same address can go
        /// unanswered until Orleans' 2-minute call limit; a month is seconds, so waiting that long only delays the run.
        /// A live shard timed out by mistake is recomputed to the same bytes, at the cost of the replay.
        /// </summary>
        private TimeSpan StepLimit => _slowest * 10 > MinStepLimit ? _slowest * 10 : MinStepLimit;

        public ReplicationBlock Block => setup.Block;

        public Task StartAsync(CancellationToken cancellationToken) => CallAsync<bool>(0, 0, null, cancellationToken);

        public async ValueTask<ReadOnlyMemory<double>> AdvanceMonth(int month, int sampleStride, CancellationToken cancellationToken)
        {
            var values = (await CallAsync(month, month, shard => shard.AdvanceMonth(month, sampleStride, cancellationToken), cancellationToken)).Value;
            LiubeiSimMetrics.ReplicationMonths.Add(setup.BlockCount);
            var sender = $"Shard {setup.Shard} (month {month})";
            if (sampleStride == 1)
            {
                return values is [{ } whole] ? whole : throw new InvalidDataException($"{sender} sent its month's values in {values?.Length ?? 0} arrays; one was asked for.");
            }

            // One array a series off the wire, laid end to end in this shard's own array (made once; the run reads
            // it before it asks for the next month).
            return SpreadMonth.JoinSample(values, setup.Block, sampleStride, ref _sample, sender);
        }

        // Questions about a month the shard has stepped: a new activation replays that month too before answering.
        public async ValueTask<CensusAnswer> Census(int month, CensusQuestion question, CancellationToken cancellationToken) =>
            await CallAsync(month, month + 1, shard => shard.Census(month, question, cancellationToken), cancellationToken);

        public async ValueTask<double[]> ContinueSums(int month, double[] sums, CancellationToken cancellationToken) =>
            await CallAsync(month, month + 1, shard => shard.ContinueSums(month, sums, cancellationToken), cancellationToken);

        public async ValueTask<int[]> CountTargetsMet(int month, CancellationToken cancellationToken) =>
            await CallAsync(month, month + 1, shard => shard.CountTargetsMet(month, cancellationToken), cancellationToken);

        public Task StopAsync() => _shard.Stop();

        /// <summary>
        /// Calls the shard, replacing a lost activation (replayed through <paramref name="stepped"/> months) first; a
        /// null call only starts the shard.
        /// </summary>
        private async Task<T> CallAsync<T>(int month, int stepped, Func<IShardGrain, Task<T>>? call, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (_lost || call is null)
                    {
                        await Replace(stepped, cancellationToken);
                        if (call is null)
                        {
                            return default!;
                        }
                    }

                    var stepping = Stopwatch.GetTimestamp();
                    // The time limit only: a cancel reaches the shard through the call's token and ends the call, and waiting for that
                    // end lets the shard be stopped after its turn rather than behind it.
                    var result = await call(_shard).WaitAsync(StepLimit);
                    var took = Stopwatch.GetElapsedTime(stepping);
                    _slowest = took > _slowest ? took : _slowest;
                    return result;
                }
                catch (Exception e) when (IsLoss(e, cancellationToken) && attempt < MaxShardRecoveries)
                {
                    _lost = true;
                    run.LogShardLost(run.RunId, setup.Shard, Math.Max(month, 0), e.GetType().Name, e.Message);

                    // Give Orleans time to declare the silo dead, so the new activation is not placed on it again.
                    await Task.Delay(TimeSpan.FromTicks(Math.Min(MaxRecoveryDelay.Ticks, TimeSpan.FromMilliseconds(250).Ticks << attempt)), cancellationToken);
                }
                catch (Exception e) when (IsLoss(e, cancellationToken))
                {
                    throw new SimulationLostException($"shard {setup.Shard} was lost {MaxShardRecoveries} times in a row (last: {e.GetType().Name}; the silo's log has the details)", e);
                }
            }
        }

        /// <summary>Starts a new activation (a new key on the first call after a loss) and replays its first <paramref name="months"/> months.</summary>
        private async Task Replace(int months, CancellationToken cancellationToken)
        {
            var recovering = _lost;
            if (recovering)
            {
                // The lost activation may yet live on a silo that only looked dead: told to let its entities go.
                _ = run.ReleaseAsync(_shard);
                _generation++;
                _shard = run.ShardGrain(setup.Shard, _generation);
            }

            await _shard.Start(setup, cancellationToken).WaitAsync(StepLimit * 3);
            for (var m = 0; m < months; m++)
            {
                // Replayed months are discarded: the widest stride returns at most one value a series.
                await _shard.AdvanceMonth(m, int.MaxValue, cancellationToken).WaitAsync(StepLimit);
            }

            _lost = false;
            if (recovering)
            {
                // Counted once the new activation has caught up, not per attempt: one placed on a silo not yet declared dead fails again.
                run.Run.ShardsRecomputed++;
                LiubeiSimMetrics.ShardsRecomputed.Add(1);
            }
        }

        /// <summary>
        /// Anything but a model failure (an entity's step threw, which would throw again), a cancel, an input the
        /// model refuses, or an answer of the wrong shape (a shard of another version answers so again) is taken for a
        /// lost activation: a dead or leaving silo shows as several Orleans exceptions
        /// and as timeouts. The number of recoveries is bounded, so a fault that is not a loss still ends the run.
        /// </summary>
        private static bool IsLoss(Exception e, CancellationToken cancellationToken) =>
            !cancellationToken.IsCancellationRequested && e is not (EntityStepException or OperationCanceledException or ArgumentException or SimulationLostException or InvalidDataException);
    }

    /// <summary>Lets an abandoned shard activation go; one whose silo is gone has gone with it, which is logged, not thrown.</summary>
    private async Task ReleaseAsync(IShardGrain shard)
    {
        try
        {
            await shard.Stop();
        }
        catch (Exception e)
        {
            LogStopFailed(e, RunId);
        }
    }

    private IShardGrain ShardGrain(int shard, int generation) =>
        GrainFactory.GetGrain<IShardGrain>(Entities.EntityAddress.Shard(RunId, Run.Restarts, shard, generation));

    /// <summary>Keeps the counters <see cref="GetStatus"/> reports; the driver's continuations run on this grain's turns.</summary>
    private sealed class Progress(ScenarioRunGrain run) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            run._shardMonthsDone++;
            run._replicationMonthsDone = value.ReplicationMonthsDone;
        }
    }

    /// <summary>
    /// Said to whoever asks for the run (API clients included): what failed in the district's terms (an entity and a month
    /// with the model's reason, or lost silos), never Orleans' messages, which carry silo addresses, grain keys and stack
    /// traces; those go to the log under <paramref name="correlationId"/>, which the text ends with.
    /// </summary>
    private static string Describe(Exception e, string correlationId)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }

        var what = e switch
        {
            EntityStepException or SimulationLostException => e.Message,
            ArgumentException or InvalidOperationException or Model.InputOutput.IoTableException => $"the model could not run the scenario: {EntityStepException.ReasonOf(e)}",
            _ => "the run stopped on an internal error",
        };
        return $"{what} (correlation id {correlationId}: the silo's log has the details)";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: starting scenario {Scenario} with {Replications} replications in {Shards} shards on this silo")]
    private partial void LogStarting(string runId, string scenario, int replications, int shards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: shard {Shard} lost at month {Month} ({Error}: {Detail}); recomputing it from its seed")]
    private partial void LogShardLost(string runId, int shard, int month, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its grain was lost; starting it again from its first month (restart {Restarts})")]
    private partial void LogRestarting(string runId, int restarts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: leaving this silo unfinished ({Reason}); another silo starts it again")]
    private partial void LogLeaving(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: failed (correlation id {CorrelationId})")]
    private partial void LogFailed(Exception exception, string runId, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: completed, but its result could not be stored; failed (correlation id {CorrelationId})")]
    private partial void LogResultNotStored(string runId, string correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: grain storage unreachable (attempt {Attempt}); retrying")]
    private partial void LogStoreRetry(Exception exception, string runId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: cancelled, but the cancel could not be recorded")]
    private partial void LogCancelNotRecorded(string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its record was written by another activation meanwhile; leaving the outcome to it")]
    private partial void LogStoreConflict(Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: could not store its record or result")]
    private partial void LogStoreFailed(Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId}: stopping its shards failed")]
    private partial void LogStopFailed(Exception exception, string runId);
}

/// <summary>A run's record as kept in grain storage. Ids are never reused: records outlive versions of the code.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Runs.RunRecord")]
public sealed class RunRecord
{
    [Id(0)] public RunRequest? Request { get; set; }
    [Id(1)] public RunState State { get; set; }
    [Id(2)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? StartedAt { get; set; }
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(5)] public int Restarts { get; set; }
    [Id(6)] public string? Failure { get; set; }
    [Id(7)] public int ShardsRecomputed { get; set; }
    [Id(8)] public double SimulationSeconds { get; set; }
    [Id(9)] public bool CancelRequested { get; set; }

    /// <summary>The id the log line of its failure carries, shown with the failure.</summary>
    [Id(20)] public string? FailureId { get; set; }
}

/// <summary>A completed run's result, kept apart from its record so status changes never rewrite it.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Runs.RunOutcome")]
public sealed class RunOutcome
{
    [Id(0)] public RunResult? Result { get; set; }
}

/// <summary>A run could not go on because its grains kept being lost.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Runs.SimulationLostException")]
public sealed class SimulationLostException : Exception
{
    public SimulationLostException()
    {
    }

    public SimulationLostException(string message)
        : base(message)
    {
    }

    public SimulationLostException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
