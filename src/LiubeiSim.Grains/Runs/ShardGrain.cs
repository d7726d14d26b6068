using System.Diagnostics;
using LiubeiSim.Aggregation;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Telemetry;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// A block of replications. It activates one <see cref="IEntityGrain"/> for every entity of the district, walking
/// <see cref="DistrictModel.Kinds"/> as the in-process engine does (prefer-local placement puts them on this silo),
/// then advances months bulk-synchronously: every entity reads last month's snapshot, and the district reduces their
/// contributions by kind, each kind's entities in their fixed order. A month goes part by part through the block
/// (<see cref="ShardParts"/>), so only one part's contributions exist at a time.
/// </summary>
[ShardSpreadPlacement]
[GrainType("shard")]
public sealed partial class ShardGrain(LocalCancellations cancellations, IOptions<RunStoreOptions> options, ILogger<ShardGrain> log) : Grain, IShardGrain
{
    /// <summary>How long a shard waits for its run to say whether it still holds it; unanswered, it asks at the next tick.</summary>
    private static readonly TimeSpan RunAnswerLimit = TimeSpan.FromSeconds(10);

    private readonly SpreadBuffers _spread = new();
    private string _runId = string.Empty;
    private IEntityGrain[][] _entities = [];
    private IDistrictGrain? _district;
    private ReplicationBlock[] _parts = [];

    /// <summary>Each part's snapshot, the one its entities read next month.</summary>
    private Immutable<DistrictSnapshot>[] _snapshots = [];
    private int _monthsDone;
    private int _months;
    private ReplicationBlock _block;
    private ModelParameters? _parameters;

    /// <summary>The reported values of the month last stepped (the district's own array, valid until its next month).</summary>
    private double[] _reported = [];
    private ShardCensus? _census;

    /// <summary>When the run last called (a <see cref="Stopwatch"/> timestamp).</summary>
    private long _lastCall;
    private IGrainTimer? _watch;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.LeaveUnlessStarted(static shard => shard._runId.Length > 0);
        return Task.CompletedTask;
    }

    public async Task Start(ShardSetup setup, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _runId = setup.RunId;
        cancellations.ThrowIfCancelled(_runId);

        // The entity lists come from the run's parameters, as every silo builds them (synthetic firms included).
        var key = this.GetPrimaryKeyString();
        var parameters = SharedParameters.For(setup.Scenario, setup.Io);
        _parameters = parameters;
        _block = setup.Block;
        _parts = ShardParts.Of(_block);
        _reported = [];
        _entities = [.. DistrictModel.Kinds.Select(kind => kind.Ids(parameters).Select(id => GrainFactory.GetGrain<IEntityGrain>(EntityAddress.Entity(key, id))).ToArray())];
        _district = GrainFactory.GetGrain<IDistrictGrain>(EntityAddress.Entity(key, DistrictIds.District));
        _months = setup.Scenario.Months;
        _monthsDone = 0;

        var starting = new List<Task> { _district.Start(setup) };
        for (var kind = 0; kind < _entities.Length; kind++)
        {
            for (var index = 0; index < _entities[kind].Length; index++)
            {
                starting.Add(_entities[kind][index].Start(new EntitySetup { Shard = setup, Kind = kind, Index = index }));
            }
        }

        await Task.WhenAll(starting);
        var district = _district;
        _snapshots = await Task.WhenAll(Enumerable.Range(0, _parts.Length).Select(part => district.Initial(part)));
        _lastCall = Stopwatch.GetTimestamp();

        // Not keeping the grain alive, not interleaved: the question is asked between the run's calls, never during one.
        var every = options.Value.IdleShardCheck;
        _watch ??= this.RegisterGrainTimer(static (shard, cancel) => shard.AskRunIfIdle(cancel), this, new GrainTimerCreationOptions(every, every) { KeepAlive = false });
    }

    /// <summary>
    /// A shard its run has not called for <see cref="RunStoreOptions.IdleShardCheck"/> asks the run whether it is still
    /// one of its shards. No run stops the shards of an attempt whose run grain was lost with its silo, nor a replaced one
    /// whose silo only looked dead and whose Stop went astray; told no, the shard lets its entities and their data go
    /// now, not after Orleans' idle collection (15 minutes).
    /// </summary>
    private async Task AskRunIfIdle(CancellationToken cancellationToken)
    {
        var idle = Stopwatch.GetElapsedTime(_lastCall);
        var key = this.GetPrimaryKeyString();

        // A tick queued before the shard stopped (or its silo began to) still runs, with its token already cancelled.
        if (_watch is null || cancellationToken.IsCancellationRequested || idle < options.Value.IdleShardCheck
            || !EntityAddress.TryParseShard(key, out var runId, out var restart, out var shard, out var generation))
        {
            return;
        }

        bool holds;
        try
        {
            // A short wait: the question holds the shard's turn, and a run grain that is deactivating (its loop stopping
            // this shard) answers only once it is gone.
            holds = await GrainFactory.GetGrain<IScenarioRunGrain>(runId).HoldsShard(restart, shard, generation).WaitAsync(RunAnswerLimit, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The timer was stopped (the shard or its silo is going away): nothing left to decide.
            return;
        }
        catch (Exception e)
        {
            // The run's silo may be unreachable for a while (dying, or only slow): asked again at the next tick.
            LogRunUnanswered(e, key, idle.TotalSeconds);
            return;
        }

        if (!holds)
        {
            LogLeaving(key, idle.TotalSeconds);
            await Stop();
        }
    }

    public async Task<Immutable<double[][]>> AdvanceMonth(int month, int sampleStride, CancellationToken cancellationToken)
    {
        _lastCall = Stopwatch.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();
        cancellations.ThrowIfCancelled(_runId);

        if (_district is null || month != _monthsDone || month >= _months)
        {
            // A fresh activation (its silo was lost) or one out of step: the run recomputes this shard elsewhere.
            throw new ActivationLostException($"Shard {this.GetPrimaryKeyString()}: asked for month {month} after {_monthsDone} of {_months} months{(_district is null ? " without being started (its activation was lost)" : string.Empty)}.");
        }

        var stepping = Stopwatch.GetTimestamp();

        var all = _entities.Sum(kind => kind.Length);
        for (var part = 0; part < _parts.Length; part++)
        {
            // Every entity reads the same snapshot and none depends on another this month, so they all go at once.
            var steps = new Task<Immutable<EntityContribution>>[all];
            var at = 0;
            foreach (var kind in _entities)
            {
                foreach (var entity in kind)
                {
                    steps[at++] = entity.Advance(month, part, _snapshots[part], cancellationToken);
                }
            }

            await Task.WhenAll(steps);
            cancellationToken.ThrowIfCancellationRequested();

            // Gathered by position, never by arrival: the reduce sums in entity order whatever finished first.
            at = 0;
            var byKind = new IReadOnlyList<EntityContribution>[_entities.Length];
            for (var kind = 0; kind < _entities.Length; kind++)
            {
                var contributions = new EntityContribution[_entities[kind].Length];
                for (var e = 0; e < contributions.Length; e++)
                {
                    contributions[e] = steps[at++].Result.Value;
                }

                byKind[kind] = contributions;
            }

            var outcome = await _district.Reduce(month, part, new DistrictContributions(byKind).AsImmutable());
            _snapshots[part] = outcome.Snapshot.AsImmutable();
            _reported = outcome.Reported;
        }

        _census = null;
        _monthsDone++;
        LiubeiSimMetrics.MonthStepDuration.Record(Stopwatch.GetElapsedTime(stepping).TotalSeconds);
        // The district's array itself at stride 1 (never copied here), the shard's sample arrays otherwise.
        return (sampleStride == 1 ? [_reported] : _spread.SampleBySeries(_reported, _block, sampleStride)).AsImmutable();
    }

    public Task<CensusAnswer> Census(int month, CensusQuestion question, CancellationToken cancellationToken)
    {
        Month(month, cancellationToken);
        _census ??= _spread.Census(_reported, _block);
        return Task.FromResult(_census.Answer(question));
    }

    public Task<double[]> ContinueSums(int month, double[] sums, CancellationToken cancellationToken) =>
        Task.FromResult(SpreadMonth.ContinueSums(Month(month, cancellationToken), _block.Count, sums));

    public Task<int[]> CountTargetsMet(int month, CancellationToken cancellationToken) =>
        Task.FromResult(SpreadMonth.CountTargetsMet(_parameters!, Month(month, cancellationToken), _block.Count));

    /// <summary>The values of the month last stepped; a question about another month means this activation is not the run's (lost and placed anew).</summary>
    private ReadOnlySpan<double> Month(int month, CancellationToken cancellationToken)
    {
        _lastCall = Stopwatch.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();
        cancellations.ThrowIfCancelled(_runId);
        if (_parameters is null || month != _monthsDone - 1)
        {
            throw new ActivationLostException($"Shard {this.GetPrimaryKeyString()}: asked about month {month} when its last month is {_monthsDone - 1}{(_parameters is null ? " (it was not started: its activation was lost)" : string.Empty)}.");
        }

        return _reported;
    }

    public async Task Stop()
    {
        _watch?.Dispose();
        _watch = null;
        try
        {
            await Task.WhenAll(_entities.SelectMany(kind => kind).Select(e => e.Stop()).Append(_district?.Stop() ?? Task.CompletedTask));
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard}: its run does not hold it (idle {IdleSeconds:F0} s: a run lost with its silo, or a replaced activation); letting its entities go")]
    private partial void LogLeaving(string shard, double idleSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard}: idle {IdleSeconds:F0} s and its run did not answer whether it still holds it; asking again later")]
    private partial void LogRunUnanswered(Exception e, string shard, double idleSeconds);
}
