using System.Diagnostics;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Telemetry;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// A block of replications. It activates one <see cref="IEntityGrain"/> for every entity of the district, walking
/// <see cref="DistrictModel.Kinds"/> as the in-process engine does (prefer-local placement puts them on this silo),
/// then advances months bulk-synchronously: every entity reads last month's snapshot, and the district reduces their
/// contributions by kind, each kind's entities in their fixed order.
/// </summary>
[RandomPlacement]
[GrainType("shard")]
public sealed class ShardGrain(LocalCancellations cancellations) : Grain, IShardGrain
{
    private string _runId = string.Empty;
    private IEntityGrain[][] _entities = [];
    private IDistrictGrain? _district;
    private Immutable<DistrictSnapshot> _snapshot;
    private int _monthsDone;
    private int _months;

    public async Task Start(ShardSetup setup, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _runId = setup.RunId;
        cancellations.ThrowIfCancelled(_runId);

        // The entity lists come from the run's parameters, as every silo builds them (synthetic firms included).
        var key = this.GetPrimaryKeyString();
        var parameters = SharedParameters.For(setup.Scenario, setup.Io);
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

    public async Task<Immutable<double[]>> AdvanceMonth(int month, CancellationToken cancellationToken)
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
        _monthsDone++;
        LiubeiSimMetrics.MonthStepDuration.Record(Stopwatch.GetElapsedTime(stepping).TotalSeconds);
        return outcome.Reported.AsImmutable();
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
