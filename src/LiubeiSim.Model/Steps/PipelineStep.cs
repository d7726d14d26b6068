using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// The report's unnamed projects as a pipeline per chain: projects arrive (Poisson), a share of them join a backlog
/// and start construction after a lag, build for a jittered time and then add capacity and jobs. History before the
/// horizon is drawn at the base year's start rate so that projects already under construction finish inside it.
/// </summary>
public static class PipelineStep
{
    /// <summary>Longest construction time kept, before delays.</summary>
    private const int MaxBaseDuration = 36;

    public static PipelineState Initialise(ModelParameters p, int pipeline, ReplicationBlock block)
    {
        var maxDelay = p.DelayMonths + p.DelayShocks.Sum(s => (int)Math.Ceiling(Math.Max(0, s.Change)));
        var lookback = MaxBaseDuration + maxDelay;
        var first = p.HorizonStart - lookback;
        var state = new PipelineState(pipeline, block.Count, first, lookback + p.Months);
        var key = EntityKeys.Pipelines[pipeline];
        if (pipeline == ModelParameters.ServicesPipeline)
        {
            return state;
        }

        for (var t = first; t < p.HorizonStart; t++)
        {
            var rate = t / 12 == p.BaseYear ? p.PipelineHistoryStartsPerMonth[pipeline] : p.PipelineHistoryStartsPerMonthEarlier[pipeline];
            var startKey = CounterRandom.StreamKey(p.Seed, key, t, 0);
            for (var i = 0; i < block.Count; i++)
            {
                var started = Distributions.Poisson(rate, CounterRandom.Uniform(startKey, block.Start + i));
                RecordCohort(p, state, key, t, i, block.Start + i, started);
            }
        }

        var backlogMean = p.PipelineIntroducedPerMonth[pipeline] * p.StartShare * p.StartLagMonths;
        var backlogKey = CounterRandom.StreamKey(p.Seed, key, p.HorizonStart - 1, 5);
        for (var i = 0; i < block.Count; i++)
        {
            state.Backlog[i] = Distributions.Poisson(backlogMean, CounterRandom.Uniform(backlogKey, block.Start + i));
        }

        return state;
    }

    public static void Advance(ModelParameters p, PipelineState state, ReplicationBlock block, int month, ProjectContribution into)
    {
        into.Clear();
        var pipeline = state.Pipeline;
        into.Chain = pipeline < ModelParameters.Chains ? pipeline : -1;
        into.Town = -1;
        var t = p.HorizonStart + month;
        var key = EntityKeys.Pipelines[pipeline];
        var introducedKey = CounterRandom.StreamKey(p.Seed, key, t, 2);
        var rate = p.PipelineIntroducedPerMonth[pipeline];
        var n = block.Count;
        for (var i = 0; i < n; i++)
        {
            into.Introduced[i] = Distributions.Poisson(rate, CounterRandom.Uniform(introducedKey, block.Start + i));
        }

        if (pipeline == ModelParameters.ServicesPipeline)
        {
            return;
        }

        into.Introduced.CopyTo(into.IndustrialIntroduced, 0);
        var buildKey = CounterRandom.StreamKey(p.Seed, key, t, 3);
        var startKey = CounterRandom.StreamKey(p.Seed, key, t, 4);
        var startProbability = 1 / p.StartLagMonths;
        for (var i = 0; i < n; i++)
        {
            var r = block.Start + i;
            var toBuild = Distributions.Binomial((int)into.Introduced[i], p.StartShare, CounterRandom.Uniform(buildKey, r));
            var started = Distributions.Binomial((int)state.Backlog[i], startProbability, CounterRandom.Uniform(startKey, r));
            state.Backlog[i] += toBuild - started;
            into.Started[i] = started;
            RecordCohort(p, state, key, t, i, r, started);
        }

        var scale = p.InvestmentScale[month];
        var cohorts = t - state.FirstMonth;
        for (var j = 0; j <= cohorts; j++)
        {
            var s = state.FirstMonth + j;
            var row = j * n;
            for (var i = 0; i < n; i++)
            {
                var starts = state.Starts[row + i];
                if (starts == 0)
                {
                    continue;
                }

                var duration = state.Duration[row + i];
                into.Investment[i] += starts * p.InvestmentPerStarted * ModelParameters.SCurve(t - s, duration) * scale;
                if (s + duration == t)
                {
                    into.Completed[i] += starts;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            into.CapacityAdded[i] = into.Completed[i] * p.CapacityPerCompleted;
            into.JobsAdded[i] = into.Completed[i] * p.JobsPerCompleted;
        }
    }

    /// <summary>Stores a cohort and draws its construction time; delays apply only if it would finish inside the horizon or later.</summary>
    private static void RecordCohort(ModelParameters p, PipelineState state, ulong key, int t, int i, int replication, int started)
    {
        var row = (t - state.FirstMonth) * state.Count;
        state.Starts[row + i] = (ushort)Math.Min(started, ushort.MaxValue);
        if (started == 0)
        {
            return;
        }

        var z = CounterRandom.Normal(CounterRandom.StreamKey(p.Seed, key, t, 1), replication);
        var duration = (int)Math.Round(p.ConstructionMonths * (1 + (p.ConstructionJitter * z)), MidpointRounding.AwayFromZero);
        duration = Math.Clamp(duration, 3, MaxBaseDuration);
        if (t + duration >= p.HorizonStart)
        {
            duration += p.DelayMonths + p.ShockDelay(EntityKeys.PipelineIds[state.Pipeline], t, t + duration);
        }

        state.Duration[row + i] = (ushort)duration;
    }
}
