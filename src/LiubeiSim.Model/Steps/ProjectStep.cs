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

    /// <summary>The earliest and latest completion over the block: outside them no replication completes or ramps.</summary>
    private readonly int _firstComplete = int.MaxValue;
    private readonly int _lastComplete = int.MinValue;

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
            (_firstComplete, _lastComplete) = (complete, complete);
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
            _firstComplete = Math.Min(_firstComplete, _complete[i]);
            _lastComplete = Math.Max(_lastComplete, _complete[i]);
        }
    }

    /// <summary>Replication <paramref name="i"/>'s completion month index (for tests).</summary>
    internal int CompletionMonth(int i) => _complete[i];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Advance(int month, DistrictSnapshot previous, EntityContribution into)
    {
        if (_project.Start is not { } start)
        {
            into.Clear();
            return;
        }

        into.SetZero(ProjectChannels.Introduced);
        into.SetZero(ProjectChannels.IndustrialIntroduced);

        var p = P;
        var n = Block.Count;
        var t = p.Time.MonthIndex(month);
        var dynamics = p.ProjectDynamics;
        var counts = _project.Industrial ? 1.0 : 0.0;
        var planned = _project.Complete!.Value;
        var from = Math.Max(start, p.Time.Start);
        var ramp = dynamics.RampMonths;

        // Each channel is written where some replication may have a value this month, and said to be zero where none
        // can: spending stops at the later of completion and the horizon's start, a completion falls between the
        // block's earliest and latest, and the ramp follows it (the values written are the expressions of every month).
        if (t >= start && t < Math.Max(_lastComplete, from))
        {
            var investment = into[ProjectChannels.Investment];
            for (var i = 0; i < n; i++)
            {
                investment[i] = _project.Investment * ProjectDynamics.Spend(t, start, planned, from, _complete[i]);
            }
        }
        else
        {
            into.SetZero(ProjectChannels.Investment);
        }

        if (t == start)
        {
            into[ProjectChannels.Started].Fill(counts);
        }
        else
        {
            into.SetZero(ProjectChannels.Started);
        }

        if (t >= _firstComplete && t <= _lastComplete)
        {
            var completed = into[ProjectChannels.Completed];
            var coverage = into[ProjectChannels.CoverageGain];
            for (var i = 0; i < n; i++)
            {
                var completes = t == _complete[i];
                completed[i] = completes ? counts : 0;
                coverage[i] = completes ? _project.CoverageGain : 0;
            }
        }
        else
        {
            into.SetZero(ProjectChannels.Completed);
            into.SetZero(ProjectChannels.CoverageGain);
        }

        if (t >= _firstComplete && t - _lastComplete < ramp)
        {
            var capacity = into[ProjectChannels.CapacityAdded];
            var jobs = into[ProjectChannels.JobsAdded];
            for (var i = 0; i < n; i++)
            {
                var sinceCompletion = t - _complete[i];
                var ramping = sinceCompletion >= 0 && sinceCompletion < ramp;
                capacity[i] = ramping ? _project.Capacity / ramp : 0;
                jobs[i] = ramping ? _project.Jobs / ramp : 0;
            }
        }
        else
        {
            into.SetZero(ProjectChannels.CapacityAdded);
            into.SetZero(ProjectChannels.JobsAdded);
        }
    }
}
