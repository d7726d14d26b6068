using System.Diagnostics;
using System.Runtime.InteropServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Telemetry;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// A block of replications. It activates one <see cref="IEntityGrain"/> for every entity of the district, walking
/// <see cref="DistrictModel.Kinds"/> as the in-process engine does (prefer-local placement puts them on this silo),
/// then advances months bulk-synchronously: every entity reads last month's snapshot, and the district reduces their
/// contributions by kind, each kind's entities in their fixed order.
/// </summary>
[ShardSpreadPlacement]
[GrainType("shard")]
public sealed class ShardGrain(LocalCancellations cancellations) : Grain, IShardGrain
{
    private readonly SpreadBuffers _spread = new();
    private string _runId = string.Empty;
    private IEntityGrain[][] _entities = [];
    private IDistrictGrain? _district;
    private Immutable<DistrictSnapshot> _snapshot;
    private int _monthsDone;
    private int _months;
    private ReplicationBlock _block;
    private ModelParameters? _parameters;

    /// <summary>The reported values of the month last stepped (the district's own array, valid until its next month).</summary>
    private double[] _reported = [];
    private ShardCensus? _census;

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
        _snapshot = await _district.Initial();
    }

    public async Task<Immutable<double[]>> AdvanceMonth(int month, int sampleStride, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        cancellations.ThrowIfCancelled(_runId);

        if (_district is null || month != _monthsDone || month >= _months)
        {
            // A fresh activation (its silo was lost) or one out of step: the run recomputes this shard elsewhere.
            throw new ActivationLostException($"Shard {this.GetPrimaryKeyString()}: asked for month {month} after {_monthsDone} of {_months} months{(_district is null ? " without being started (its activation was lost)" : string.Empty)}.");
        }

        var stepping = Stopwatch.GetTimestamp();

        // Every entity reads the same snapshot and none depends on another this month, so they all go at once.
        var steps = Array.ConvertAll(_entities, kind => Array.ConvertAll(kind, e => e.Advance(month, _snapshot, cancellationToken)));
        await Task.WhenAll(steps.SelectMany(kind => kind));
        cancellationToken.ThrowIfCancellationRequested();

        // Gathered by position, never by arrival: the reduce sums in entity order whatever finished first.
        var contributions = new DistrictContributions([.. steps.Select(kind => (IReadOnlyList<EntityContribution>)Array.ConvertAll(kind, t => t.Result.Value))]);
        var outcome = await _district.Reduce(month, contributions.AsImmutable());
        _snapshot = outcome.Snapshot.AsImmutable();
        _reported = outcome.Reported;
        _census = null;
        _monthsDone++;
        LiubeiSimMetrics.MonthStepDuration.Record(Stopwatch.GetElapsedTime(stepping).TotalSeconds);
        // The district's array itself at stride 1, the shard's sample array otherwise: whole arrays either way, so never copied again here.
        var sample = _spread.Sample(_reported, _block, sampleStride);
        return (MemoryMarshal.TryGetArray(sample, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : sample.ToArray()).AsImmutable();
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
        try
        {
            await Task.WhenAll(_entities.SelectMany(kind => kind).Select(e => e.Stop()).Append(_district?.Stop() ?? Task.CompletedTask));
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
