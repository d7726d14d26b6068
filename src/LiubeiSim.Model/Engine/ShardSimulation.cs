using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// Every entity of the district for one block of replications, stepped month by month in the bulk-synchronous
/// order the Orleans shard uses too: all entities read last month's snapshot, then the district reduces.
/// </summary>
public sealed class ShardSimulation
{
    private readonly ModelParameters _p;
    private readonly ChainState[] _chains;
    private readonly ProjectState[] _projects;
    private readonly PipelineState[] _pipelines;
    private readonly DistrictState _district;
    private readonly DistrictContributions _contributions;
    private readonly FirmContribution[] _firms;
    private readonly SeriesAccumulator _accumulator;
    private readonly double[] _raw;
    private DistrictSnapshot _previous;
    private DistrictSnapshot _next;

    public ShardSimulation(ModelParameters parameters, ReplicationBlock block)
    {
        _p = parameters;
        Block = block;
        var n = block.Count;
        _chains = Enumerable.Range(0, ModelParameters.Chains).Select(c => ChainStep.Initialise(parameters, c, n)).ToArray();
        _projects = Enumerable.Range(0, DistrictIds.Projects.Count).Select(i => ProjectStep.Initialise(parameters, i, block)).ToArray();
        _pipelines = Enumerable.Range(0, ModelParameters.Pipelines).Select(i => PipelineStep.Initialise(parameters, i, block)).ToArray();
        _district = DistrictStep.Initialise(parameters, n);
        _firms = Enumerable.Range(0, parameters.Firms.Count).Select(_ => new FirmContribution(n)).ToArray();
        _contributions = new DistrictContributions(
            Enumerable.Range(0, ModelParameters.Chains).Select(_ => new ChainContribution(n)).ToArray(),
            Enumerable.Range(0, DistrictIds.Projects.Count).Select(_ => new ProjectContribution(n)).ToArray(),
            Enumerable.Range(0, ModelParameters.Pipelines).Select(_ => new ProjectContribution(n)).ToArray(),
            Enumerable.Range(0, ModelParameters.Towns).Select(_ => new TownContribution(n)).ToArray(),
            _firms);
        _previous = DistrictSnapshot.Initial(parameters, n);
        _next = new DistrictSnapshot(n);
        _raw = new double[SeriesLayout.Count * n];
        _accumulator = new SeriesAccumulator(n);
    }

    public ReplicationBlock Block { get; }

    public int MonthsDone { get; private set; }

    /// <summary>Advances one month and returns the reported value of every series, series-major over the block (valid until the next call).</summary>
    public ReadOnlySpan<double> StepMonth()
    {
        var month = MonthsDone;
        if (month >= _p.Months)
        {
            throw new InvalidOperationException($"The horizon has {_p.Months} months; all are done.");
        }

        for (var c = 0; c < _chains.Length; c++)
        {
            ChainStep.Advance(_p, _chains[c], Block, month, _previous, _contributions.Chains[c]);
        }

        for (var f = 0; f < _firms.Length; f++)
        {
            FirmStep.Advance(_p, f, Block, month, _previous, _firms[f]);
        }

        for (var i = 0; i < _projects.Length; i++)
        {
            ProjectStep.Advance(_p, _projects[i], Block, month, _contributions.Projects[i]);
        }

        for (var i = 0; i < _pipelines.Length; i++)
        {
            PipelineStep.Advance(_p, _pipelines[i], Block, month, _contributions.Pipelines[i]);
        }

        for (var t = 0; t < ModelParameters.Towns; t++)
        {
            TownStep.Advance(_p, t, Block, month, _previous, _contributions.Towns[t]);
        }

        DistrictStep.Reduce(_p, _district, Block, month, _contributions, _previous, _next, _raw);
        (_previous, _next) = (_next, _previous);
        MonthsDone++;
        return _accumulator.Add(_raw);
    }
}
