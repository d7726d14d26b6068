using System.Diagnostics;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Telemetry;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// A block of replications. It activates every entity of the district under its own key prefix (prefer-local
/// placement puts them on this silo), then advances months bulk-synchronously: every entity reads last month's
/// snapshot, and the district reduces their contributions in the fixed order of <see cref="DistrictIds"/>.
/// </summary>
[RandomPlacement]
public sealed class ShardGrain : Grain, IShardGrain
{
    private readonly List<IEntityGrain> _all = [];
    private IIndustryChainGrain[] _chains = [];
    private IProjectGrain[] _projects = [];
    private IProjectPipelineGrain[] _pipelines = [];
    private ITownGrain[] _towns = [];
    private IFirmGrain[] _firms = [];
    private IDistrictGrain? _district;
    private Immutable<DistrictSnapshot> _snapshot;
    private int _monthsDone;
    private int _months;

    /// <summary>The run id, from the key <c>{run}/{shard}</c>.</summary>
    private string RunId => this.GetPrimaryKeyString().Split('/')[0];

    public async Task Start(ShardSetup setup)
    {
        CancelledRuns.ThrowIfCancelled(setup.RunId);
        string Key(string entity) => EntityAddress.Entity(setup.RunId, setup.Shard, entity);
        _chains = DistrictIds.Chains.Select(c => GrainFactory.GetGrain<IIndustryChainGrain>(Key(c))).ToArray();
        _projects = DistrictIds.Projects.Select(p => GrainFactory.GetGrain<IProjectGrain>(Key(p))).ToArray();
        _pipelines = EntityKeys.PipelineIds.Select(p => GrainFactory.GetGrain<IProjectPipelineGrain>(Key(p))).ToArray();
        _towns = DistrictIds.Towns.Select(t => GrainFactory.GetGrain<ITownGrain>(Key(t))).ToArray();
        _district = GrainFactory.GetGrain<IDistrictGrain>(Key(DistrictIds.District));
        _firms = Enumerable.Range(0, Math.Max(0, setup.Scenario.SyntheticFirms)).Select(f => GrainFactory.GetGrain<IFirmGrain>(Key(FirmPopulation.IdOf(f)))).ToArray();
        _all.Clear();
        _all.AddRange(_chains);
        _all.AddRange(_projects);
        _all.AddRange(_pipelines);
        _all.AddRange(_towns);
        _all.AddRange(_firms);
        _all.Add(_district);
        _months = setup.Scenario.Months;

        await Task.WhenAll(_all.Select(e => e.Start(setup)));
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
        var chains = Array.ConvertAll(_chains, c => c.Advance(month, _snapshot));
        var projects = Array.ConvertAll(_projects, p => p.Advance(month));
        var pipelines = Array.ConvertAll(_pipelines, p => p.Advance(month));
        var towns = Array.ConvertAll(_towns, t => t.Advance(month, _snapshot));
        var firms = Array.ConvertAll(_firms, f => f.Advance(month, _snapshot));
        await Task.WhenAll(chains.Concat<Task>(projects).Concat(pipelines).Concat(towns).Concat(firms));

        // Gathered by position, never by arrival: the reduce sums in entity order whatever finished first.
        var contributions = new DistrictContributions(
            Array.ConvertAll(chains, t => t.Result.Value),
            Array.ConvertAll(projects, t => t.Result.Value),
            Array.ConvertAll(pipelines, t => t.Result.Value),
            Array.ConvertAll(towns, t => t.Result.Value),
            Array.ConvertAll(firms, t => t.Result.Value));
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
            await Task.WhenAll(_all.Select(e => e.Stop()));
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
