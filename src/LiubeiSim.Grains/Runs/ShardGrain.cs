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
public sealed class ShardGrain : Grain, IShardGrain
{
    private IEntityGrain[][] _entities = [];
    private IDistrictGrain? _district;
    private Immutable<DistrictSnapshot> _snapshot;
    private int _monthsDone;
    private int _months;

    /// <summary>The run id, from the key <c>{run}/{shard}</c>.</summary>
    private string RunId => this.GetPrimaryKeyString().Split('/')[0];

    public async Task Start(ShardSetup setup)
    {
        CancelledRuns.ThrowIfCancelled(setup.RunId);

        // The entity lists come from the run's parameters, as every silo builds them (synthetic firms included).
        var parameters = SharedParameters.For(setup.Scenario, setup.Io);
        _entities = [.. DistrictModel.Kinds.Select(kind => kind.Ids(parameters).Select(id => GrainFactory.GetGrain<IEntityGrain>(EntityAddress.Entity(setup.RunId, setup.Shard, id))).ToArray())];
        _district = GrainFactory.GetGrain<IDistrictGrain>(EntityAddress.Entity(setup.RunId, setup.Shard, DistrictIds.District));
        _months = setup.Scenario.Months;

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

    public Task Cancel()
    {
        CancelledRuns.Cancel(RunId);
        return Task.CompletedTask;
    }

    public async Task<Immutable<double[]>> AdvanceMonth(int month)
    {
        CancelledRuns.ThrowIfCancelled(RunId);
        if (_district is null || month != _monthsDone || month >= _months)
        {
            throw new InvalidOperationException($"Shard {this.GetPrimaryKeyString()}: asked for month {month} after {_monthsDone} of {_months} months{(_district is null ? " without being started" : string.Empty)}.");
        }

        var stepping = Stopwatch.GetTimestamp();

        // Every entity reads the same snapshot and none depends on another this month, so they all go at once.
        var steps = Array.ConvertAll(_entities, kind => Array.ConvertAll(kind, e => e.Advance(month, _snapshot)));
        await Task.WhenAll(steps.SelectMany(kind => kind));

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
