using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// A project the report names: disburses its investment along an S-curve from start to completion, then ramps its
/// capacity and jobs up over six months. Delays (lever or shock) only push completion later, and only for projects
/// not already finished when the horizon starts, so a delay can never add a completion inside the horizon.
/// </summary>
public static class ProjectStep
{
    public static ProjectState Initialise(ModelParameters p, int project, ReplicationBlock block)
    {
        var spec = p.NamedProjects[project];
        var state = new ProjectState(project, block.Count);
        if (!spec.HasTimeline)
        {
            Array.Fill(state.Start, int.MinValue);
            Array.Fill(state.Complete, int.MinValue);
            return state;
        }

        var start = spec.StartIndex!.Value;
        var complete = spec.CompleteIndex!.Value;
        var h0 = p.HorizonStart;
        var jitterKey = CounterRandom.StreamKey(p.Seed, EntityKeys.Projects[project], start, 0);
        var delay = complete >= h0 ? p.DelayMonths + p.ShockDelay(spec.Id, Math.Max(start, h0), complete) : 0;
        for (var i = 0; i < block.Count; i++)
        {
            state.Start[i] = start;
            if (complete < h0)
            {
                state.Complete[i] = complete;
                continue;
            }

            var from = Math.Max(start, h0);
            var jitter = (int)Math.Round((complete - from) * p.ConstructionJitter * CounterRandom.Normal(jitterKey, block.Start + i), MidpointRounding.AwayFromZero);
            state.Complete[i] = Math.Max(from + 1, complete + jitter) + delay;
        }

        return state;
    }

    public static void Advance(ModelParameters p, ProjectState state, ReplicationBlock block, int month, ProjectContribution into)
    {
        var spec = p.NamedProjects[state.Project];
        into.Clear();
        into.Chain = spec.Chain;
        into.Town = spec.Town;
        if (!spec.HasTimeline)
        {
            return;
        }

        var t = p.HorizonStart + month;
        var scale = p.InvestmentScale[month];
        var counts = spec.CountsAsIndustrial ? 1.0 : 0.0;
        for (var i = 0; i < block.Count; i++)
        {
            var start = state.Start[i];
            var complete = state.Complete[i];
            into.Investment[i] = spec.Investment * ModelParameters.SCurve(t - start, complete - start) * scale;
            into.Started[i] = t == start ? counts : 0;
            into.Completed[i] = t == complete ? counts : 0;
            var sinceCompletion = t - complete;
            if (sinceCompletion >= 0 && sinceCompletion < ModelParameters.RampMonths)
            {
                into.CapacityAdded[i] = spec.Capacity / ModelParameters.RampMonths;
                into.JobsAdded[i] = spec.Jobs / ModelParameters.RampMonths;
            }

            into.CoverageGain[i] = t == complete ? spec.CoverageGain : 0;
        }
    }
}
