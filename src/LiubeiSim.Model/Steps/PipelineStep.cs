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
/// <remarks>Cohorts are month-major: the cohort started in month index <c>FirstMonth + j</c> sits at [j × Count + i].</remarks>
public sealed class PipelineStep : EntityStep
{
    private readonly PipelineParameters _pipeline;
    private readonly int _firstMonth;
    private readonly double[] _backlog;
    private readonly double[] _starts;
    private readonly ushort[] _duration;

    /// <summary>Each cohort's build before delays: the plan its spending followed until the horizon (or its start).</summary>
    private readonly ushort[] _plannedDuration;

    public PipelineStep(ModelParameters parameters, PipelineParameters pipeline, ReplicationBlock block)
        : base(parameters, block)
    {
        _pipeline = pipeline;
        var p = parameters;
        var dynamics = p.ProjectDynamics;
        var lookback = dynamics.MaxConstructionMonths + dynamics.MaxDelay;
        var h0 = p.Time.Start;
        _firstMonth = h0 - lookback;
        _backlog = new double[block.Count];
        _starts = new double[(lookback + p.Time.Months) * block.Count];
        _duration = new ushort[_starts.Length];
        _plannedDuration = new ushort[_starts.Length];
        for (var t = _firstMonth; t < h0; t++)
        {
            var rate = p.Time.BeforeBaseYear(t) ? pipeline.EarlierStartsPerMonth : pipeline.BaseYearStartsPerMonth;
            var startKey = CounterRandom.StreamKey(p.Seed, pipeline.Key, t, 0);
            for (var i = 0; i < block.Count; i++)
            {
                RecordCohort(t, i, p.Noise.Poisson(rate, startKey, block.Start + i));
            }
        }

        // The backlog at the start holds what the arrival rate keeps waiting on average.
        var backlogMean = pipeline.IntroducedPerMonth * pipeline.StartShare * dynamics.StartLagMonths;
        var backlogKey = CounterRandom.StreamKey(p.Seed, pipeline.Key, h0 - 1, 5);
        for (var i = 0; i < block.Count; i++)
        {
            _backlog[i] = p.Noise.Poisson(backlogMean, backlogKey, block.Start + i);
        }
    }

    public override void Advance(int month, DistrictSnapshot previous, EntityContribution into)
    {
        into.Clear();
        var p = P;
        var dynamics = p.ProjectDynamics;
        var noise = p.Noise;
        var t = p.Time.MonthIndex(month);
        var n = Block.Count;
        var introducedKey = CounterRandom.StreamKey(p.Seed, _pipeline.Key, t, 2);
        var buildKey = CounterRandom.StreamKey(p.Seed, _pipeline.Key, t, 3);
        var startKey = CounterRandom.StreamKey(p.Seed, _pipeline.Key, t, 4);
        var startProbability = 1 / dynamics.StartLagMonths;
        var arrivals = _pipeline.IntroducedPerMonth * dynamics.ArrivalScale[month];
        var introduced = into[ProjectChannels.Introduced];
        var industrialIntroduced = into[ProjectChannels.IndustrialIntroduced];
        var started = into[ProjectChannels.Started];
        for (var i = 0; i < n; i++)
        {
            var r = Block.Start + i;
            introduced[i] = noise.Poisson(arrivals, introducedKey, r);
            var toBuild = noise.Binomial(introduced[i], _pipeline.StartShare, buildKey, r);
            var starting = noise.Binomial(_backlog[i], startProbability, startKey, r);
            _backlog[i] += toBuild - starting;
            started[i] = starting;
            RecordCohort(t, i, starting);
        }

        if (_pipeline.Industrial)
        {
            introduced.CopyTo(industrialIntroduced);
        }

        var investment = into[ProjectChannels.Investment];
        var completed = into[ProjectChannels.Completed];
        var perProject = dynamics.InvestmentPerProject;
        var h0 = p.Time.Start;
        for (var j = 0; j <= t - _firstMonth; j++)
        {
            var s = _firstMonth + j;
            var from = Math.Max(s, h0);
            var row = j * n;
            for (var i = 0; i < n; i++)
            {
                var starts = _starts[row + i];
                if (starts == 0)
                {
                    continue;
                }

                var duration = _duration[row + i];
                investment[i] += starts * perProject * ProjectDynamics.Spend(t, s, s + _plannedDuration[row + i], from, s + duration);
                if (s + duration == t)
                {
                    completed[i] += starts;
                }
            }
        }

        var capacity = into[ProjectChannels.CapacityAdded];
        var jobs = into[ProjectChannels.JobsAdded];
        for (var i = 0; i < n; i++)
        {
            capacity[i] = completed[i] * dynamics.CapacityPerCompleted;
            jobs[i] = completed[i] * _pipeline.JobsPerCompleted;
        }
    }

    /// <summary>
    /// Stores a cohort and draws its build time; delays apply only to a cohort that would finish inside the horizon or
    /// later, and only to what it had left to spend when the horizon started.
    /// </summary>
    private void RecordCohort(int t, int i, double started)
    {
        var p = P;
        var dynamics = p.ProjectDynamics;
        var row = (t - _firstMonth) * Block.Count;
        _starts[row + i] = started;
        if (started == 0)
        {
            return;
        }

        var z = p.Noise.Normal(CounterRandom.StreamKey(p.Seed, _pipeline.Key, t, 1), Block.Start + i);
        var duration = (int)Math.Round(dynamics.ConstructionMonths * (1 + (dynamics.ConstructionJitter * z)), MidpointRounding.AwayFromZero);
        duration = Math.Clamp(duration, dynamics.MinConstructionMonths, dynamics.MaxConstructionMonths);
        _plannedDuration[row + i] = (ushort)duration;
        if (t + duration >= p.Time.Start)
        {
            duration += dynamics.DelayMonths + dynamics.ShockDelay(_pipeline.Id, t, t + duration);
        }

        _duration[row + i] = (ushort)duration;
    }
}
