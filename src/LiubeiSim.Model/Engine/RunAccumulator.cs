using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// Gathers the blocks of one month (from any number of shards, in any order), merges them in replication order,
/// and keeps only per-month quantiles and the end-of-horizon vectors the targets need.
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
    private int _monthsDone;

    private static readonly ParallelOptions AllCores = new() { TaskScheduler = TaskScheduler.Default };

    public RunAccumulator(ModelParameters parameters)
    {
        _p = parameters;
        _baseValues = parameters.BaseValues;
        var r = parameters.Scenario.Replications;
        _monthly = new SeriesStatistics[parameters.Months * SeriesLayout.Count];
        _month = new double[SeriesLayout.Count * r];
        _targetSeries = [.. EndSeries(parameters.Scenario)];
        _end = new double[_targetSeries.Length * r];
    }

    public int MonthsDone => _monthsDone;

    /// <summary>The series whose end-of-horizon values a run keeps (its targets'), in series order.</summary>
    public static IReadOnlyList<int> EndSeries(Scenario scenario) =>
        [.. scenario.Targets.Select(t => SeriesLayout.IndexOf(t.Indicator, t.Scope)).Distinct().Order()];

    /// <summary>
    /// The last completed month's reported values, series-major over every replication (<c>[series * r + replication]</c>):
    /// what a paired comparison differences replication by replication. Valid until the next <see cref="AddBlock"/>.
    /// </summary>
    public ReadOnlySpan<double> CompletedMonth => _month;

    /// <summary>Adds one block's reported values (series-major over the block) for the current month; the span is copied.</summary>
    /// <remarks>
    /// The block's rows are copied straight to their replication offsets in the month's series-major matrix: the
    /// merge by replication index happens here, without a per-block copy that would be merged again later.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddBlock(ReplicationBlock block, ReadOnlySpan<double> seriesMajor)
    {
        var r = _p.Scenario.Replications;
        if (seriesMajor.Length != SeriesLayout.Count * block.Count || block.Start < 0 || block.Count < 0 || block.End > r)
        {
            throw new ArgumentException($"Block {block} does not fit {r} replications and {SeriesLayout.Count} series.", nameof(seriesMajor));
        }

        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            seriesMajor.Slice(s * block.Count, block.Count).CopyTo(_month.AsSpan((s * r) + block.Start, block.Count));
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
        // Each series' statistics depend on its own column only, so series go in parallel with the same bits; on the
        // default scheduler, since a grain's own scheduler runs one task at a time.
        var month = _monthsDone;
        try
        {
            Parallel.For(0, SeriesLayout.Count, AllCores, () => new double[QuantileLevels.Standard.Length], (s, _, quantiles) =>
            {
                var column = _month.AsSpan(s * r, r);
                Quantiles.Compute(column, QuantileLevels.Standard, quantiles);
                _monthly[(month * SeriesLayout.Count) + s] = new SeriesStatistics(quantiles[0], quantiles[1], quantiles[2], quantiles[3], quantiles[4], Moments.Mean(column));
                return quantiles;
            }, _ => { });
        }
        catch (AggregateException e)
        {
            // A bad value (NaN, infinity) is the quantiles' ArgumentException, as it was before they went in parallel.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        _blocks.Clear();
        _monthsDone++;
        if (_monthsDone == _p.Months)
        {
            for (var t = 0; t < _targetSeries.Length; t++)
            {
                _month.AsSpan(_targetSeries[t] * r, r).CopyTo(_end.AsSpan(t * r, r));
            }
        }
    }

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
        foreach (var target in _p.Scenario.Targets)
        {
            var series = SeriesLayout.IndexOf(target.Indicator, target.Scope);
            var baseValue = _baseValues[series] ?? double.NaN;
            var end = _end.AsSpan(Array.IndexOf(_targetSeries, series) * r, r);
            var met = 0;
            for (var i = 0; i < r; i++)
            {
                if (target.IsMet(end[i], baseValue))
                {
                    met++;
                }
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
