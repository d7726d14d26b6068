using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// Gathers the blocks of one month (from any number of shards, in any order), merges them in replication order,
/// and keeps only per-month quantiles and the end-of-horizon vectors the targets need. A run too large to gather
/// (<see cref="SpreadMonth"/>) hands it each month's statistics and the targets' counts instead.
/// </summary>
public sealed class RunAccumulator
{
    private readonly ModelParameters _p;
    private readonly IReadOnlyList<double?> _baseValues;
    private readonly SeriesStatistics[] _monthly;
    private readonly double[] _month;
    private readonly List<ReplicationBlock> _blocks = [];

    /// <summary>Series the targets read at the end of the horizon, and their values there (only those: the rest are not needed).</summary>
    private readonly int[] _targetSeries;
    private readonly double[] _end;
    private readonly bool _gathers;
    private readonly bool _writtenInPlace;

    /// <summary>For a run holding its blocks where they arrived (<see cref="HoldingBlocks"/>): this month's, until it completes.</summary>
    private readonly List<(ReplicationBlock Block, ReadOnlyMemory<double> Values)>? _held;

    /// <summary>Columns gathered from held blocks, one per thread at a time; at most one a core is kept for the next series and month.</summary>
    private readonly ConcurrentBag<double[]> _columns = [];
    private long[]? _targetsMet;
    private int _monthsDone;

    /// <param name="parameters">The run's parameters.</param>
    /// <param name="gathers">False when the shards keep their values and the run is told its statistics
    /// (<see cref="CompleteMonth(ReadOnlySpan{SeriesStatistics})"/>): no replication's values are held here.</param>
    public RunAccumulator(ModelParameters parameters, bool gathers = true)
        : this(parameters, gathers, writtenInPlace: null, holds: false)
    {
    }

    /// <summary>
    /// A run whose blocks write their reported values straight into <paramref name="writtenInPlace"/> (series-major over
    /// every replication, as <see cref="CompletedMonth"/>), each at its replications' places: blocks are registered
    /// with <see cref="AddBlockWritten"/>, not copied, and a month's statistics must be computed before the blocks
    /// step the next one over it.
    /// </summary>
    public RunAccumulator(ModelParameters parameters, double[] writtenInPlace)
        : this(parameters, gathers: true, writtenInPlace ?? throw new ArgumentNullException(nameof(writtenInPlace)), holds: false)
    {
    }

    private RunAccumulator(ModelParameters parameters, bool gathers, double[]? writtenInPlace, bool holds)
    {
        _p = parameters;
        _gathers = gathers;
        _baseValues = parameters.BaseValues;
        var r = gathers ? parameters.Scenario.Replications : 0;
        if (writtenInPlace is not null && writtenInPlace.Length != SeriesLayout.Count * r)
        {
            throw new ArgumentException($"A run of {r} replications keeps {SeriesLayout.Count} × {r} values a month; the matrix given holds {writtenInPlace.Length}.", nameof(writtenInPlace));
        }

        _writtenInPlace = writtenInPlace is not null;
        _held = holds ? [] : null;
        _monthly = new SeriesStatistics[parameters.Months * SeriesLayout.Count];
        _month = writtenInPlace ?? (holds ? [] : new double[SeriesLayout.Count * r]);
        _targetSeries = [.. EndSeries(parameters.Scenario)];
        _end = new double[_targetSeries.Length * r];
    }

    /// <summary>
    /// A run that holds each block's values where they arrived (<see cref="HoldBlock"/>: a shard's own array, or the
    /// message that brought it) instead of copying them into a matrix of every replication: a month's statistics
    /// read each series from the blocks in replication order, through a column of one series at a time. The blocks'
    /// values must stay as they are until <see cref="CompleteMonth()"/> returns, so the next month starts after it.
    /// </summary>
    public static RunAccumulator HoldingBlocks(ModelParameters parameters) => new(parameters, gathers: true, writtenInPlace: null, holds: true);

    public int MonthsDone => _monthsDone;

    /// <summary>The series whose end-of-horizon values a run keeps (its targets'), in series order.</summary>
    public static IReadOnlyList<int> EndSeries(Scenario scenario) =>
        [.. scenario.Targets.Select(t => SeriesLayout.IndexOf(t.Indicator, t.Scope)).Distinct().Order()];

    /// <summary>
    /// The last completed month's reported values, series-major over every replication (<c>[series * r + replication]</c>):
    /// what a paired comparison differences replication by replication. Valid until the next <see cref="AddBlock"/> (for
    /// blocks writing in place, until they step the next month). A run holding its blocks (<see cref="HoldingBlocks"/>)
    /// has no such matrix and throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public ReadOnlySpan<double> CompletedMonth => _held is null ? _month : throw new InvalidOperationException("This run holds its blocks' values where they arrived; it has no matrix of the month.");

    /// <summary>Adds one block's reported values (series-major over the block) for the current month; the span is copied.</summary>
    /// <remarks>
    /// The block's rows are copied straight to their replication offsets in the month's series-major matrix: the
    /// merge by replication index happens here, without a per-block copy that would be merged again later.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddBlock(ReplicationBlock block, ReadOnlySpan<double> seriesMajor)
    {
        if (!_gathers)
        {
            throw new InvalidOperationException("This run does not gather its replications' values; its shards keep them.");
        }

        if (_writtenInPlace || _held is not null)
        {
            throw new InvalidOperationException(_writtenInPlace
                ? "This run's blocks write their values in place: register them with AddBlockWritten."
                : "This run holds its blocks' values where they are: hand them over with HoldBlock.");
        }

        RequireFits(block, seriesMajor.Length, nameof(seriesMajor));
        var r = _p.Scenario.Replications;

        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            seriesMajor.Slice(s * block.Count, block.Count).CopyTo(_month.AsSpan((s * r) + block.Start, block.Count));
        }

        _blocks.Add(block);
    }

    /// <summary>
    /// Holds one block's reported values (series-major over the block) for the current month, not copied: they must not
    /// change until <see cref="CompleteMonth()"/> returns (<see cref="HoldingBlocks"/>).
    /// </summary>
    public void HoldBlock(ReplicationBlock block, ReadOnlyMemory<double> seriesMajor)
    {
        if (_held is null)
        {
            throw new InvalidOperationException("This run does not hold its blocks' values: add them with AddBlock (or AddBlockWritten).");
        }

        RequireFits(block, seriesMajor.Length, nameof(seriesMajor));

        _held.Add((block, seriesMajor));
        _blocks.Add(block);
    }

    /// <summary>A block's month (series-major over it) must have every series' values and lie inside the run.</summary>
    private void RequireFits(ReplicationBlock block, int length, string parameter)
    {
        var r = _p.Scenario.Replications;
        if (length != SeriesLayout.Count * block.Count || block.Start < 0 || block.Count < 0 || block.End > r)
        {
            throw new ArgumentException($"Block {block} does not fit {r} replications and {SeriesLayout.Count} series.", parameter);
        }
    }

    /// <summary>Registers a block that wrote this month's values into the run's matrix itself (the constructor taking it).</summary>
    public void AddBlockWritten(ReplicationBlock block)
    {
        if (!_writtenInPlace)
        {
            throw new InvalidOperationException("This run's blocks hand their values over: add them with AddBlock.");
        }

        if (block.Start < 0 || block.Count < 0 || block.End > _p.Scenario.Replications)
        {
            throw new ArgumentException($"Block {block} does not fit {_p.Scenario.Replications} replications.", nameof(block));
        }

        _blocks.Add(block);
    }

    /// <summary>Closes the month: merges the blocks (they must cover every replication exactly once) and computes statistics.</summary>
    public void CompleteMonth()
    {
        if (_monthsDone >= _p.Months)
        {
            throw new InvalidOperationException("Every month of the horizon is already complete.");
        }

        var r = _p.Scenario.Replications;
        CheckBlocksTile(r);
        // Each series' statistics depend on its own column only, so series go in parallel with the same bits; a bad
        // value (NaN, infinity) is still the quantiles' ArgumentException.
        var month = _monthsDone;
        var last = month + 1 == _p.Months;
        AllCores.For(SeriesLayout.Count, () => new double[QuantileLevels.Standard.Length], (s, quantiles) =>
        {
            double[]? gathered = null;
            try
            {
                // Each held block lands at its replications' places, so the column (and its sums) is the matrix's.
                ReadOnlySpan<double> column;
                if (_held is null)
                {
                    column = _month.AsSpan(s * r, r);
                }
                else
                {
                    gathered = _columns.TryTake(out var kept) ? kept : new double[r];
                    foreach (var (block, values) in _held)
                    {
                        values.Span.Slice(s * block.Count, block.Count).CopyTo(gathered.AsSpan(block.Start, block.Count));
                    }

                    column = gathered;
                }

                Quantiles.Compute(column, QuantileLevels.Standard, quantiles);
                _monthly[(month * SeriesLayout.Count) + s] = new SeriesStatistics(quantiles[0], quantiles[1], quantiles[2], quantiles[3], quantiles[4], Moments.Mean(column));
                var target = last ? Array.IndexOf(_targetSeries, s) : -1;
                if (target >= 0)
                {
                    column.CopyTo(_end.AsSpan(target * r, r));
                }
            }
            finally
            {
                // One column a core is kept for the next series and month; a loop that ran on more threads leaves the rest.
                if (gathered is not null && _columns.Count < Environment.ProcessorCount)
                {
                    _columns.Add(gathered);
                }
            }

            return quantiles;
        });

        _blocks.Clear();
        _held?.Clear();
        _monthsDone++;
        if (last)
        {
            _columns.Clear();
        }
    }

    /// <summary>Closes the month with statistics computed where the values are (one per series, in series order).</summary>
    public void CompleteMonth(ReadOnlySpan<SeriesStatistics> statistics)
    {
        if (_monthsDone >= _p.Months)
        {
            throw new InvalidOperationException("Every month of the horizon is already complete.");
        }

        if (_gathers)
        {
            throw new InvalidOperationException("This run gathers its values: it computes its statistics itself (CompleteMonth()).");
        }

        if (statistics.Length != SeriesLayout.Count)
        {
            throw new ArgumentException($"A run that does not gather takes {SeriesLayout.Count} series' statistics a month; got {statistics.Length}.", nameof(statistics));
        }

        statistics.CopyTo(_monthly.AsSpan(_monthsDone * SeriesLayout.Count, SeriesLayout.Count));
        _monthsDone++;
    }

    /// <summary>For a run that does not gather: how many replications met each target of the scenario at the end of the horizon.</summary>
    public void TargetsMet(ReadOnlySpan<long> met)
    {
        if (met.Length != _p.Scenario.Targets.Count)
        {
            throw new ArgumentException($"The scenario has {_p.Scenario.Targets.Count} targets; got {met.Length} counts.", nameof(met));
        }

        _targetsMet = met.ToArray();
    }

    /// <summary>How many of <paramref name="values"/> (one series at the end of the horizon) meet <paramref name="target"/>.</summary>
    public static int CountMet(Target target, ReadOnlySpan<double> values, double baseValue)
    {
        var met = 0;
        foreach (var value in values)
        {
            if (target.IsMet(value, baseValue))
            {
                met++;
            }
        }

        return met;
    }

    /// <summary>The base value a target's growth is measured against (NaN where the report gives none).</summary>
    public static double TargetBase(ModelParameters parameters, Target target) =>
        parameters.BaseValues[SeriesLayout.IndexOf(target.Indicator, target.Scope)] ?? double.NaN;

    /// <summary>The month's blocks must cover [0, r) exactly once, whatever order they came in.</summary>
    private void CheckBlocksTile(int r)
    {
        _blocks.Sort((a, b) => a.Start.CompareTo(b.Start));
        var covered = 0;
        foreach (var block in _blocks)
        {
            if (block.Count == 0)
            {
                continue;
            }

            if (block.Start != covered)
            {
                var problem = block.Start < covered ? "overlaps an earlier block" : $"leaves a gap [{covered}, {block.Start})";
                throw new ArgumentException($"Block {block} {problem}.");
            }

            covered += block.Count;
        }

        if (covered != r)
        {
            throw new ArgumentException($"This month's blocks cover [0, {covered}) but the run has {r} replications.");
        }
    }

    public RunResult ToResult(string engine, RunTimings timings)
    {
        if (_monthsDone != _p.Months)
        {
            throw new InvalidOperationException($"The run stopped after {_monthsDone} of {_p.Months} months.");
        }

        var r = _p.Scenario.Replications;
        var targets = new List<TargetResult>();
        for (var t = 0; t < _p.Scenario.Targets.Count; t++)
        {
            var target = _p.Scenario.Targets[t];
            long met;
            if (!_gathers)
            {
                met = _targetsMet?[t] ?? throw new InvalidOperationException("The run's target counts were not given.");
            }
            else
            {
                var series = SeriesLayout.IndexOf(target.Indicator, target.Scope);
                met = CountMet(target, _end.AsSpan(Array.IndexOf(_targetSeries, series) * r, r), TargetBase(_p, target));
            }

            targets.Add(new TargetResult(target, (double)met / r));
        }

        return new RunResult(_p.Scenario, engine, Summarise(_p), _baseValues, _monthly, targets, timings);
    }

    public static IoSummary Summarise(ModelParameters p)
    {
        double[] jobsPerOutput = [.. p.Chains.Select(c => c.JobsPerOutput)];
        return new(p.Io.Source, [.. p.Chains.Select(c => new ChainMultipliers(c.Id, p.Io.OutputMultiplier(c.Index), p.Io.EmploymentMultiplier(c.Index, jobsPerOutput), p.Io.ValueAddedMultiplier(c.Index), c.ValueAddedRatio))]);
    }
}
