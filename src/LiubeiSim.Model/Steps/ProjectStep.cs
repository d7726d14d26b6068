using System.Runtime.CompilerServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// A project the report names: disburses its investment along an S-curve from start to completion, then ramps its
/// capacity and jobs up in equal steps. Its completion is jittered per replication; delays (lever or shock) only push
/// it later, and only for a project still building when the horizon starts, so a delay never adds a completion; what
/// it spent before the horizon stays spent, and the rest of its plan stretches to the new completion.
/// </summary>
public sealed class ProjectStep : EntityStep
{
    private readonly ProjectParameters _project;
    private readonly int[] _complete;

    public ProjectStep(ModelParameters parameters, ProjectParameters project, ReplicationBlock block)
        : base(parameters, block)
    {
        _project = project;
        _complete = new int[block.Count];
        if (project is not { Start: { } start, Complete: { } complete })
        {
            return;
        }

        var h0 = parameters.Time.Start;
        if (complete < h0)
        {
            _complete.AsSpan().Fill(complete);
            return;
        }

        var jitter = new double[block.Count];
        parameters.Noise.Normals(CounterRandom.StreamKey(parameters.Seed, project.Key, start, 0), block.Start, jitter);
        for (var i = 0; i < block.Count; i++)
        {
            var from = Math.Max(start, h0);
            var z = jitter[i];
            var months = (int)Math.Round((complete - from) * parameters.ProjectDynamics.ConstructionJitter * z, MidpointRounding.AwayFromZero);
            _complete[i] = Math.Max(from + 1, complete + months) + project.Delay;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Advance(int month, DistrictSnapshot previous, EntityContribution into)
    {
        if (_project.Start is not { } start)
        {
            into.Clear();
            return;
        }

        // Every channel is written below, so the buffer needs no clearing first.
        into[ProjectChannels.Introduced].Clear();
        into[ProjectChannels.IndustrialIntroduced].Clear();

        var p = P;
        var t = p.Time.MonthIndex(month);
        var dynamics = p.ProjectDynamics;
        var counts = _project.Industrial ? 1.0 : 0.0;
        var planned = _project.Complete!.Value;
        var from = Math.Max(start, p.Time.Start);
        var ramp = dynamics.RampMonths;
        var investment = into[ProjectChannels.Investment];
        var started = into[ProjectChannels.Started];
        var completed = into[ProjectChannels.Completed];
        var capacity = into[ProjectChannels.CapacityAdded];
        var jobs = into[ProjectChannels.JobsAdded];
        var coverage = into[ProjectChannels.CoverageGain];
        for (var i = 0; i < Block.Count; i++)
        {
            var complete = _complete[i];
            investment[i] = _project.Investment * ProjectDynamics.Spend(t, start, planned, from, complete);
            started[i] = t == start ? counts : 0;
            completed[i] = t == complete ? counts : 0;
            var sinceCompletion = t - complete;
            var ramping = sinceCompletion >= 0 && sinceCompletion < ramp;
            capacity[i] = ramping ? _project.Capacity / ramp : 0;
            jobs[i] = ramping ? _project.Jobs / ramp : 0;

            coverage[i] = t == complete ? _project.CoverageGain : 0;
        }
    }
}
