using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// Every entity of the district for one block of replications, in this process: it walks
/// <see cref="DistrictModel.Kinds"/> exactly as the Orleans shard does (every entity reads last month's snapshot,
/// then the district reduces in kind order), so both engines give the same bits.
/// </summary>
public sealed class ShardSimulation
{
    private readonly ModelParameters _p;
    private readonly IReadOnlyList<IReadOnlyList<EntityStep>> _entities;
    private readonly MonthScratchPool _scratch;
    private readonly bool _ownsScratch;
    private readonly DistrictStep _district;
    private readonly SeriesAccumulator _accumulator;
    private MonthScratch? _last;
    private DistrictSnapshot _previous;
    private DistrictSnapshot _next;

    /// <param name="parameters">The run's parameters.</param>
    /// <param name="block">The block's replications.</param>
    /// <param name="scratch">Contributions and raw values shared with the run's other blocks in this process; null for a set of its own.</param>
    /// <param name="runValues">
    /// The run's reported values, series-major over all its replications (<see cref="SeriesLayout.Count"/> × R), for the
    /// block to write its own into at its replications' places (see <see cref="RunValues"/>); null to keep its own.
    /// </param>
    public ShardSimulation(ModelParameters parameters, ReplicationBlock block, MonthScratchPool? scratch = null, double[]? runValues = null)
    {
        if (scratch is not null && !ReferenceEquals(scratch.Parameters, parameters))
        {
            throw new ArgumentException("A block shares month scratch only with the blocks of its own run.", nameof(scratch));
        }

        _p = parameters;
        Block = block;
        _entities = DistrictModel.SetUp(parameters, block);
        _ownsScratch = scratch is null;
        _scratch = scratch ?? new MonthScratchPool(parameters);
        _district = new DistrictStep(parameters, block);
        _previous = DistrictSnapshot.Initial(parameters, block.Count);
        _next = DistrictSnapshot.Following(_previous);
        RunValues = runValues;
        _accumulator = runValues is null
            ? new SeriesAccumulator(block.Count, parameters.Months)
            : new SeriesAccumulator(block.Count, parameters.Months, runValues, block.Start, parameters.Scenario.Replications);
    }

    /// <summary>
    /// The run's matrix this block writes its reported values into (row s, from its first replication on), or null when
    /// it keeps them in an array of its own (<see cref="Reported"/>). The values of the flows are running sums kept there
    /// from month to month, so nothing else may write to the block's places.
    /// </summary>
    public double[]? RunValues { get; }

    public ReplicationBlock Block { get; }

    public ModelParameters Parameters => _p;

    public int MonthsDone { get; private set; }

    /// <summary>The snapshot the next month's entities will read (the base year's before the first month), valid until the next <see cref="StepMonth"/> (its stocks are updated in place).</summary>
    public DistrictSnapshot Snapshot => _previous;

    /// <summary>
    /// Raw monthly values of the month just stepped, series-major over the block (before 12-month windows), valid until
    /// its next month. Only for a block with month scratch of its own: a shared set is another block's by now.
    /// </summary>
    internal ReadOnlySpan<double> LastRaw => _last is { } last
        ? last.Raw
        : throw new InvalidOperationException(_ownsScratch ? "No month has been stepped yet." : "This block shares its month scratch: its raw values are not kept.");

    /// <summary>
    /// The reported values of the month just stepped, series-major over the block (overwritten by the next month); for
    /// a block writing into its run's matrix, that whole matrix (see <see cref="RunValues"/>).
    /// </summary>
    public ReadOnlyMemory<double> Reported => _accumulator.Reported;

    /// <summary>
    /// Advances one month and returns the reported value of every series, series-major over the block (valid until the
    /// next call); for a block writing into its run's matrix, that whole matrix.
    /// </summary>
    public ReadOnlySpan<double> StepMonth()
    {
        var month = MonthsDone;
        if (month >= _p.Months)
        {
            throw new InvalidOperationException($"The horizon has {_p.Months} months; all are done.");
        }

        var scratch = _scratch.Rent(Block.Count);
        for (var kind = 0; kind < _entities.Count; kind++)
        {
            var entities = _entities[kind];
            var into = scratch.Contributions.ByKind[kind];
            for (var e = 0; e < entities.Count; e++)
            {
                entities[e].Advance(month, _previous, into[e]);
            }
        }

        _district.Reduce(month, scratch.Contributions, _previous, _next, scratch.Raw);
        (_previous, _next) = (_next, _previous);
        MonthsDone++;
        var reported = _accumulator.Add(scratch.Raw);
        _last = _ownsScratch ? scratch : null;
        _scratch.Return(scratch);
        return reported;
    }
}
