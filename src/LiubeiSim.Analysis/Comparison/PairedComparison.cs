using System.Diagnostics;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Comparison;

/// <summary>
/// Runs A and B month by month in lockstep and differences them replication by replication. With common random
/// numbers (the default) B takes A's seed and replication count, so every stream of replication r is the same in both
/// and B − A is the scenario's effect, free of most Monte Carlo noise. Each side's own results are exactly those of a
/// plain run of it.
/// </summary>
public static class PairedComparison
{
    /// <summary>The control forecast of a scenario as a runnable alternative: its levers and shocks removed, the rest kept.</summary>
    /// <remarks>
    /// Assumption overrides stay: they describe the district, not the policy being tried. Noise stays on (unlike the
    /// model's internal control path), so control and scenario pair replication by replication.
    /// </remarks>
    public static Scenario ControlOf(Scenario scenario) =>
        scenario with { Name = scenario.Name.Length <= 56 ? scenario.Name + "-control" : "control", Description = $"The control of {scenario.Name}: every lever at its default, no shocks.", Levers = new Dictionary<string, double>(), Shocks = [] };

    /// <summary>Why A and B cannot be compared month for month, or null when they can.</summary>
    public static string? Incompatibility(Scenario a, Scenario b)
    {
        if (a.BaseYear != b.BaseYear)
        {
            return $"{a.Name} starts from base {a.BaseYear} and {b.Name} from base {b.BaseYear}; compare scenarios of one base year";
        }

        return a.Start != b.Start || a.Months != b.Months
            ? $"{a.Name} runs {a.Start}..{a.End} and {b.Name} runs {b.Start}..{b.End}; compare scenarios over one horizon (set horizon.months of one to the other's)"
            : null;
    }

    /// <param name="a">The reference; its seed and replications are used for both.</param>
    /// <param name="b">The alternative.</param>
    /// <param name="io">Input-output table for both (null: the default).</param>
    /// <param name="paired">False gives B a seed of its own (A's + 1): the unpaired contrast, to show what pairing buys.</param>
    /// <param name="progress">Progress over both runs together.</param>
    /// <param name="cancellationToken">Stops between months.</param>
    /// <exception cref="ArgumentException">The scenarios differ in base year or horizon.</exception>
    public static ComparisonResult Run(Scenario a, Scenario b, IoTable? io = null, bool paired = true, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Incompatibility(a, b) is { } why)
        {
            throw new ArgumentException(why, nameof(b));
        }

        b = b with { Seed = paired ? a.Seed : unchecked(a.Seed + 1), Replications = a.Replications };
        var clock = Stopwatch.StartNew();
        var parametersA = ModelParameters.Build(BaseYearDataset.Default, a, io);
        var parametersB = ModelParameters.Build(BaseYearDataset.Default, b, io);
        var shardsA = InProcessEngine.Shards(parametersA);
        var shardsB = InProcessEngine.Shards(parametersB);
        var startup = clock.Elapsed.TotalSeconds;

        var accumulatorA = new RunAccumulator(parametersA);
        var accumulatorB = new RunAccumulator(parametersB);
        var r = a.Replications;
        var months = a.Months;
        var series = SeriesLayout.Count;
        var differences = new DifferenceStatistics[months * series];
        var diff = new double[r];
        var quantiles = new double[5];
        var done = 0L;
        for (var month = 0; month < months; month++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Step(shardsA, accumulatorA, month, cancellationToken);
            Step(shardsB, accumulatorB, month, cancellationToken);
            var valuesA = accumulatorA.CompletedMonth;
            var valuesB = accumulatorB.CompletedMonth;
            for (var s = 0; s < series; s++)
            {
                var greater = 0;
                var columnA = valuesA.Slice(s * r, r);
                var columnB = valuesB.Slice(s * r, r);
                for (var i = 0; i < r; i++)
                {
                    diff[i] = columnB[i] - columnA[i];
                    greater += diff[i] > 0 ? 1 : 0;
                }

                Quantiles.Compute(diff, QuantileLevels.Standard, quantiles);
                differences[(month * series) + s] = new DifferenceStatistics(quantiles[0], quantiles[1], quantiles[2], quantiles[3], quantiles[4], Moments.Mean(diff), (double)greater / r);
            }

            done += 2L * r;
            progress?.Report(new RunProgress(month, 1, 1, months, clock.Elapsed.TotalSeconds, done));
        }

        var seconds = clock.Elapsed.TotalSeconds - startup;
        var timings = new RunTimings(startup, seconds, seconds > 0 ? 2.0 * r * months / seconds : 0);
        return new ComparisonResult(accumulatorA.ToResult(InProcessEngine.Name, timings), accumulatorB.ToResult(InProcessEngine.Name, timings), differences, paired);
    }

    private static void Step(IShardStepper[] shards, RunAccumulator accumulator, int month, CancellationToken cancellationToken)
    {
        foreach (var shard in shards)
        {
            // In-process steppers complete synchronously: this unwraps, it does not wait.
            var values = shard.AdvanceMonth(month, 1, cancellationToken).AsTask().GetAwaiter().GetResult();
            accumulator.AddBlock(shard.Block, values.Span);
        }

        accumulator.CompleteMonth();
    }
}
