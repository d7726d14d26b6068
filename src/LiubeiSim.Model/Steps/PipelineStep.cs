using System.Runtime.CompilerServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// The report's unnamed projects of one chain (or the non-industrial ones): projects arrive (Poisson), a share of them
/// joins a backlog and starts building after a lag, builds for a jittered time, then adds capacity and jobs. The
/// history before the horizon is drawn at set-up at the base year's (and earlier years') start rates, so projects
/// already building finish inside the horizon. With noise off every count is its expected value.
/// </summary>
/// <remarks>
/// A cohort's spending and completion are scheduled into the horizon's months when it starts, rather than every
/// cohort being re-read every month: cohorts start in month order, so each month's total still adds them oldest
/// first, the order (and so the bits) of summing every cohort each month. Months where a cohort spends nothing add an
/// exact zero there and are skipped here. Schedules are month-major: horizon month m of replication i at [m × Count + i]
/// (completions in a <see cref="CompletionSchedule"/>). They are made when the first cohort starts: a pipeline none of
/// whose projects starts (the non-industrial one, whose start share is zero) keeps none and says its spending,
/// completions, capacity and jobs are zero every month, which the district adds as it would add rows of +0 (see
/// <see cref="EntityContribution"/>).
/// </remarks>
public sealed class PipelineStep : EntityStep
{
    private readonly PipelineParameters _pipeline;
    private readonly double[] _backlog;
    private double[]? _investment;
    private readonly CompletionSchedule _completions;
    private readonly BinomialTables _toBuild;
    private readonly BinomialTables _starting;

    /// <summary>Each build time's delay from the scenario's delay shocks, for the cohort being recorded (shocks depend on when it builds).</summary>
    private readonly int[] _shockDelay;
    private int _shockDelayMonth = int.MinValue;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PipelineStep(ModelParameters parameters, PipelineParameters pipeline, ReplicationBlock block)
        : base(parameters, block)
    {
        _pipeline = pipeline;
        var p = parameters;
        var dynamics = p.ProjectDynamics;
        var lookback = dynamics.MaxConstructionMonths + dynamics.MaxDelay;
        var h0 = p.Time.Start;
        var firstMonth = h0 - lookback;
        _backlog = new double[block.Count];
        _completions = new CompletionSchedule(p.Time.Months, block.Count, wholeCounts: p.Noise.On);
        _toBuild = new BinomialTables(pipeline.StartShare);
        _starting = new BinomialTables(1 / dynamics.StartLagMonths);
        _shockDelay = new int[dynamics.MaxConstructionMonths + 1];
        var earlier = p.PoissonTables.For(pipeline.EarlierStartsPerMonth);
        var baseYear = p.PoissonTables.For(pipeline.BaseYearStartsPerMonth);
        // A row for the counts' uniforms; the control path also takes its builds' (zero) normals a chunk at a time.
        using var draws = new DrawRows(p.Noise.On ? 1 : 2, block.Count);

        // With no starts expected before the horizon every history cohort's count is 0 (with noise or without), and a
        // cohort of none records nothing: nothing to draw.
        var history = !(earlier.Mean <= 0 && baseYear.Mean <= 0);
        for (var t = firstMonth; history && t < h0; t++)
        {
            // A cohort planned to finish before the horizon gets no delay and spends nothing inside it: its count
            // would change nothing, so it is not looked up. Far back, nearly every cohort is such a one, and one
            // whose build's uniform lies below reachFrom certainly is: its normal is not even worked out.
            var reachFrom = p.Noise.On ? ReachFrom(dynamics, h0 - t) : 0;
            if (reachFrom >= 1)
            {
                continue;
            }

            var rate = p.Time.BeforeBaseYear(t) ? earlier : baseYear;
            var zeroUpTo = rate.ZeroUpTo;
            var countsKey = CounterRandom.StreamKey(p.Seed, pipeline.Key, t, 0);
            var durationsKey = CounterRandom.StreamKey(p.Seed, pipeline.Key, t, 1);
            for (var lo = 0; lo < block.Count; lo += DrawRows.Chunk)
            {
                var length = Math.Min(DrawRows.Chunk, block.Count - lo);
                var counts = draws.Row(0, length);
                if (p.Noise.On)
                {
                    // The count first: at the history's rates (a few hundredths of a project a month) nearly every
                    // cohort is empty and records nothing, so its build is not drawn. The build's uniform and normal
                    // of one that is not, one at a time (the bits of the batches: draws are by replication index).
                    BatchDraws.Uniforms(countsKey, block.Start + lo, counts);
                    for (var j = 0; j < length; j++)
                    {
                        if (counts[j] <= zeroUpTo)
                        {
                            continue;
                        }

                        var started = rate.Sample(counts[j]);
                        if (started == 0)
                        {
                            continue;
                        }

                        var uniform = CounterRandom.Uniform(durationsKey, block.Start + lo + j);
                        if (uniform < reachFrom)
                        {
                            continue;
                        }

                        var z = Distributions.InverseNormal(uniform);
                        if (t + PlannedDuration(z) >= h0)
                        {
                            RecordCohort(t, lo + j, started, z);
                        }
                    }

                    continue;
                }

                // The control path: every count its mean, every build the typical one.
                var durations = draws.Row(1, length);
                p.Noise.Normals(durationsKey, block.Start + lo, durations);
                for (var j = 0; j < length; j++)
                {
                    if (t + PlannedDuration(durations[j]) >= h0)
                    {
                        RecordCohort(t, lo + j, p.Noise.Poisson(rate, counts[j]), durations[j]);
                    }
                }
            }
        }

        // The backlog at the start holds what the arrival rate keeps waiting on average.
        var backlogMean = pipeline.IntroducedPerMonth * pipeline.StartShare * dynamics.StartLagMonths;
        // By its table (the loop's bits without an exp per replication) on uniforms drawn a chunk at a time.
        var backlogKey = CounterRandom.StreamKey(p.Seed, pipeline.Key, h0 - 1, 5);
        var backlog = p.PoissonTables.For(backlogMean);
        for (var lo = 0; lo < block.Count; lo += DrawRows.Chunk)
        {
            var uniforms = draws.Row(0, Math.Min(DrawRows.Chunk, block.Count - lo));
            p.Noise.Uniforms(backlogKey, block.Start + lo, uniforms);
            for (var j = 0; j < uniforms.Length; j++)
            {
                _backlog[lo + j] = p.Noise.Poisson(backlog, uniforms[j]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Advance(int month, DistrictSnapshot previous, EntityContribution into)
    {
        var p = P;
        var dynamics = p.ProjectDynamics;
        var noise = p.Noise;
        var t = p.Time.MonthIndex(month);
        var n = Block.Count;
        var arrivals = p.PoissonTables.For(_pipeline.IntroducedPerMonth * dynamics.ArrivalScale[month]);
        var countsKey = CounterRandom.StreamKey(p.Seed, _pipeline.Key, t, 2);
        var buildsKey = CounterRandom.StreamKey(p.Seed, _pipeline.Key, t, 3);
        var startsKey = CounterRandom.StreamKey(p.Seed, _pipeline.Key, t, 4);
        var durationsKey = CounterRandom.StreamKey(p.Seed, _pipeline.Key, t, 1);
        var introduced = into[ProjectChannels.Introduced];
        var started = into[ProjectChannels.Started];

        // This month's draws, made in batches a chunk of the block at a time (the same bits as one at a time).
        using var draws = new DrawRows(4, n);
        for (var lo = 0; lo < n; lo += DrawRows.Chunk)
        {
            var length = Math.Min(DrawRows.Chunk, n - lo);
            var counts = draws.Row(0, length);
            var builds = draws.Row(1, length);
            var starts = draws.Row(2, length);
            var durations = draws.Row(3, length);
            noise.Uniforms(countsKey, Block.Start + lo, counts);
            noise.Uniforms(buildsKey, Block.Start + lo, builds);
            noise.Uniforms(startsKey, Block.Start + lo, starts);
            noise.Normals(durationsKey, Block.Start + lo, durations);
            for (var j = 0; j < length; j++)
            {
                var i = lo + j;
                introduced[i] = noise.Poisson(arrivals, counts[j]);
                var toBuild = noise.Binomial(_toBuild, introduced[i], builds[j]);
                var starting = noise.Binomial(_starting, _backlog[i], starts[j]);
                _backlog[i] += toBuild - starting;
                started[i] = starting;
                RecordCohort(t, i, starting, durations[j]);
            }
        }

        if (_pipeline.Industrial)
        {
            introduced.CopyTo(into[ProjectChannels.IndustrialIntroduced]);
        }
        else
        {
            into.SetZero(ProjectChannels.IndustrialIntroduced);
        }

        into.SetZero(ProjectChannels.CoverageGain);

        // This month's row of the schedules holds every cohort's part, added oldest cohort first; with no cohort
        // started, nothing is spent.
        if (_investment is null)
        {
            into.SetZero(ProjectChannels.Investment);
        }
        else
        {
            _investment.AsSpan(month * n, n).CopyTo(into[ProjectChannels.Investment]);
        }

        if (_completions.IsEmpty)
        {
            // No cohort has started, or every one so far ends beyond the horizon: nothing completed or added.
            into.SetZero(ProjectChannels.Completed);
            into.SetZero(ProjectChannels.CapacityAdded);
            into.SetZero(ProjectChannels.JobsAdded);
            return;
        }

        var completed = into[ProjectChannels.Completed];
        _completions.CopyMonth(month, completed);

        // completed[i] × factor, in vector lanes (an element-wise product has the scalar's bits).
        var capacity = into[ProjectChannels.CapacityAdded];
        var jobs = into[ProjectChannels.JobsAdded];
        completed.CopyTo(capacity);
        RollUp.Scale(capacity, dynamics.CapacityPerCompleted);
        completed.CopyTo(jobs);
        RollUp.Scale(jobs, _pipeline.JobsPerCompleted);
    }

    /// <summary>
    /// Draws a cohort's build time and schedules its spending and completion; delays apply only to a cohort that would
    /// finish inside the horizon or later, and only to what it had left to spend when the horizon started.
    /// </summary>
    /// <param name="t">The month index the cohort starts in.</param>
    /// <param name="i">The replication within the block.</param>
    /// <param name="started">Projects starting.</param>
    /// <param name="z">The cohort's normal draw for its build time (stream 1 of its month).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RecordCohort(int t, int i, double started, double z)
    {
        if (started == 0)
        {
            return;
        }

        var p = P;
        var dynamics = p.ProjectDynamics;
        var planned = PlannedDuration(z);
        var h0 = p.Time.Start;
        var duration = planned;
        if (t + duration >= h0)
        {
            duration += dynamics.DelayMonths + ShockDelay(t, planned);
        }

        // Spend is zero before the cohort starts (or the horizon does) and from its end on; it completes at its end.
        var n = Block.Count;
        var months = p.Time.Months;
        var end = t + duration;
        ScheduleSpending(_investment ??= new double[months * n], n, i, h0, months, t, planned, end, started, dynamics.InvestmentPerProject);
        if (end >= h0 && end < h0 + months)
        {
            _completions.Add(end - h0, i, started);
        }
    }

    /// <summary>
    /// Adds a cohort's spending inside the horizon to a schedule (month-major over <paramref name="n"/> replications):
    /// started × perProject × <see cref="ProjectDynamics.Spend"/> for each month from the later of its start and the
    /// horizon's, up to its end or the horizon's.
    /// </summary>
    /// <param name="investment">The schedule, horizon month m of replication i at [m × n + i].</param>
    /// <param name="n">Replications of the block.</param>
    /// <param name="i">The cohort's replication.</param>
    /// <param name="h0">The horizon's first month index.</param>
    /// <param name="months">Months of the horizon.</param>
    /// <param name="t">The month index the cohort starts in.</param>
    /// <param name="planned">Its planned build in months.</param>
    /// <param name="end">The month index it ends in, delays included.</param>
    /// <param name="started">Projects starting.</param>
    /// <param name="perProject">Investment of one project.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ScheduleSpending(Span<double> investment, int n, int i, int h0, int months, int t, int planned, int end, double started, double perProject)
    {
        var from = Math.Max(t, h0);
        var last = Math.Min(end, h0 + months);
        var shares = ProjectDynamics.SCurveRow(end - t);
        if ((end == t + planned || from <= t) && shares.Length > 0)
        {
            // The build spends along one S-curve (Spend's first case): its shares straight from the table, and
            // started × perProject, the left operand of every month's product, worked out once.
            var scaled = started * perProject;
            for (var m = from; m < last; m++)
            {
                investment[((m - h0) * n) + i] += scaled * shares[m - t];
            }

            return;
        }

        for (var m = from; m < last; m++)
        {
            investment[((m - h0) * n) + i] += started * perProject * ProjectDynamics.Spend(m, t, t + planned, from, end);
        }
    }

    /// <summary>
    /// The uniform of a build's normal draw below which the build is certainly shorter than <paramref name="months"/>:
    /// 0 when any build may last that long, 1 when none can. Planned builds round C(1 + Jz) half away from zero, so
    /// one of <paramref name="months"/> or more needs z ≥ ((months − ½) / C − 1) / J; the uniform is found by bisection
    /// against a z kept below that by a margin (10⁻⁶ relative) far wider than the product's rounding and the inverse
    /// normal's own error (1.2·10⁻⁹ relative), so every uniform below it gives a shorter build.
    /// </summary>
    internal static double ReachFrom(ProjectDynamics dynamics, int months)
    {
        if (months <= dynamics.MinConstructionMonths || !(dynamics.ConstructionJitter > 0) || !(dynamics.ConstructionMonths > 0))
        {
            return 0;
        }

        if (months > dynamics.MaxConstructionMonths)
        {
            return 1;
        }

        var reach = (((months - 0.5) / dynamics.ConstructionMonths) - 1) / dynamics.ConstructionJitter;
        var below = reach - (1e-6 * Math.Max(1, Math.Abs(reach)));
        double lo = 0, hi = 1;
        for (var step = 0; step < 64; step++)
        {
            var mid = (lo + hi) / 2;
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (Distributions.InverseNormal(mid) < below)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>A cohort's planned build in months from its normal draw: jittered around the typical build, within its bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PlannedDuration(double z) => PlannedDuration(P.ProjectDynamics, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PlannedDuration(ProjectDynamics dynamics, double z)
    {
        var planned = (int)Math.Round(dynamics.ConstructionMonths * (1 + (dynamics.ConstructionJitter * z)), MidpointRounding.AwayFromZero);
        return Math.Clamp(planned, dynamics.MinConstructionMonths, dynamics.MaxConstructionMonths);
    }

    /// <summary>The delay shocks' months for a cohort started in month <paramref name="t"/> building <paramref name="planned"/> months, computed once per cohort month.</summary>
    private int ShockDelay(int t, int planned)
    {
        var dynamics = P.ProjectDynamics;
        if (dynamics.DelayShocks.Count == 0)
        {
            return 0;
        }

        if (_shockDelayMonth != t)
        {
            for (var d = dynamics.MinConstructionMonths; d < _shockDelay.Length; d++)
            {
                _shockDelay[d] = dynamics.ShockDelay(_pipeline.Id, t, t + d);
            }

            _shockDelayMonth = t;
        }

        return _shockDelay[planned];
    }
}
