using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// Gathers the blocks of one month (from any number of shards, in any order), merges them in replication order,
/// and keeps only per-month quantiles and the end-of-horizon vectors the targets need.
/// </summary>
public sealed class RunAccumulator
{
    private readonly ModelParameters _p;
    private readonly double?[] _baseValues;
    private readonly SeriesStatistics[] _monthly;
    private readonly double[] _month;
    private readonly double[] _column;
    private readonly double[] _quantiles = new double[5];
    private readonly List<(ReplicationBlock Block, ReadOnlyMemory<double> Values)> _parts = [];
    private readonly double[] _end;
    private int _monthsDone;

    public RunAccumulator(ModelParameters parameters, double?[] baseValues)
    {
        _p = parameters;
        _baseValues = baseValues;
        var r = parameters.Scenario.Replications;
        _monthly = new SeriesStatistics[parameters.Months * SeriesLayout.Count];
        _month = new double[SeriesLayout.Count * r];
        _column = new double[r];
        _end = new double[SeriesLayout.Count * r];
    }

    public int MonthsDone => _monthsDone;

    /// <summary>Adds one block's reported values (series-major over the block) for the current month; the span is copied.</summary>
    public void AddBlock(ReplicationBlock block, ReadOnlySpan<double> seriesMajor)
    {
        var r = _p.Scenario.Replications;
        if (seriesMajor.Length != SeriesLayout.Count * block.Count || block.Start < 0 || block.End > r)
        {
            throw new ArgumentException($"Block {block} does not fit {r} replications and {SeriesLayout.Count} series.", nameof(seriesMajor));
        }

        _parts.Add((block, seriesMajor.ToArray()));
    }

    /// <summary>Closes the month: merges the blocks (they must cover every replication exactly once) and computes statistics.</summary>
    public void CompleteMonth()
    {
        if (_monthsDone >= _p.Months)
        {
            throw new InvalidOperationException("Every month of the horizon is already complete.");
        }

        var r = _p.Scenario.Replications;
        var perSeries = new List<(ReplicationBlock, ReadOnlyMemory<double>)>(_parts.Count);
        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            perSeries.Clear();
            foreach (var (block, values) in _parts)
            {
                perSeries.Add((block, values.Slice(s * block.Count, block.Count)));
            }

            ReplicationBlocks.Merge(perSeries, _column);
            _column.CopyTo(_month, s * r);
            Quantiles.Compute(_column, QuantileLevels.Standard, _quantiles);
            _monthly[(_monthsDone * SeriesLayout.Count) + s] = new SeriesStatistics(_quantiles[0], _quantiles[1], _quantiles[2], _quantiles[3], _quantiles[4], Moments.Mean(_column));
        }

        _parts.Clear();
        _monthsDone++;
        if (_monthsDone == _p.Months)
        {
            _month.CopyTo(_end, 0);
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
            var met = 0;
            for (var i = 0; i < r; i++)
            {
                if (target.IsMet(_end[(series * r) + i], baseValue))
                {
                    met++;
                }
            }

            targets.Add(new TargetResult(target, (double)met / r));
        }

        return new RunResult(_p.Scenario, engine, Summarise(_p), _baseValues, _monthly, targets, timings);
    }

    public static IoSummary Summarise(ModelParameters p) =>
        new(p.Io.Source, DistrictIds.Chains.Select((c, i) => new ChainMultipliers(c, p.Io.OutputMultiplier(i), p.Io.EmploymentMultiplier(i, p.JobsPerOutput))).ToList());
}
