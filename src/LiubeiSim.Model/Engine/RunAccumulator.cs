using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;

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
    private readonly double[] _quantiles = new double[5];
    private readonly List<ReplicationBlock> _blocks = [];
    private readonly double[] _end;
    private int _monthsDone;

    public RunAccumulator(ModelParameters parameters)
    {
        _p = parameters;
        _baseValues = parameters.BaseValues;
        var r = parameters.Scenario.Replications;
        _monthly = new SeriesStatistics[parameters.Months * SeriesLayout.Count];
        _month = new double[SeriesLayout.Count * r];
        _end = new double[SeriesLayout.Count * r];
    }

    public int MonthsDone => _monthsDone;

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
        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            var column = _month.AsSpan(s * r, r);
            Quantiles.Compute(column, QuantileLevels.Standard, _quantiles);
            _monthly[(_monthsDone * SeriesLayout.Count) + s] = new SeriesStatistics(_quantiles[0], _quantiles[1], _quantiles[2], _quantiles[3], _quantiles[4], Moments.Mean(column));
        }

        _blocks.Clear();
        _monthsDone++;
        if (_monthsDone == _p.Months)
        {
            _month.CopyTo(_end, 0);
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

    public static IoSummary Summarise(ModelParameters p)
    {
        double[] jobsPerOutput = [.. p.Chains.Select(c => c.JobsPerOutput)];
        return new(p.Io.Source, [.. p.Chains.Select(c => new ChainMultipliers(c.Id, p.Io.OutputMultiplier(c.Index), p.Io.EmploymentMultiplier(c.Index, jobsPerOutput), p.Io.ValueAddedMultiplier(c.Index), c.ValueAddedRatio))]);
    }
}
