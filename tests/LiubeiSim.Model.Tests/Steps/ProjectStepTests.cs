using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Steps;

/// <summary>
/// A named project's month says a channel is zero only where no replication has a value: every channel, written or
/// said to be zero, holds the bits of the per-replication definitions, in a contribution reused month after month.
/// </summary>
public sealed class ProjectStepTests
{
    public static TheoryData<string, int> Horizons { get; } = new()
    {
        { "baseline-2023", 12 },
        { "baseline-2023", 40 },
        { "project-delays", 30 },
        { "backtest-2022", 24 },
    };

    [Theory]
    [MemberData(nameof(Horizons))]
    public void Every_channel_holds_the_definitions_values_whether_written_or_said_to_be_zero(string name, int months)
    {
        var scenario = ScenarioLibrary.Load(name).WithReplications(600) with { Months = months };
        var p = ModelParameters.Build(BaseYearDataset.Default, scenario, null);
        var block = new ReplicationBlock(37, 500);
        var snapshot = DistrictSnapshot.Initial(p, block.Count);
        var saidZero = 0;
        foreach (var project in p.Projects)
        {
            var step = new ProjectStep(p, project, block);
            var into = new EntityContribution(ProjectChannels.Count, block.Count);
            for (var month = 0; month < months; month++)
            {
                step.Advance(month, snapshot, into);
                for (var channel = 0; channel < ProjectChannels.Count; channel++)
                {
                    saidZero += into.IsZero(channel) ? 1 : 0;
                    var values = into.Read(channel);
                    for (var i = 0; i < block.Count; i++)
                    {
                        var expected = Definition(p, project, step.CompletionMonth(i), p.Time.MonthIndex(month), channel);
                        if (BitConverter.DoubleToInt64Bits(values[i]) != BitConverter.DoubleToInt64Bits(expected))
                        {
                            Assert.Fail($"{project.Id}, month {month}, channel {channel}, replication {i}: {values[i]:R} against {expected:R} (said zero: {into.IsZero(channel)})");
                        }
                    }
                }
            }
        }

        // Most of a named project's channel-months are zero; if none were said to be, nothing here was tested.
        Assert.True(saidZero > p.Projects.Count * months, $"channels said to be zero: {saidZero}");
    }

    /// <summary>A project's contribution to one channel for one replication, straight from its definition.</summary>
    private static double Definition(ModelParameters p, ProjectParameters project, int complete, int t, int channel)
    {
        if (project.Start is not { } start)
        {
            return 0;
        }

        var counts = project.Industrial ? 1.0 : 0.0;
        var ramp = p.ProjectDynamics.RampMonths;
        var sinceCompletion = t - complete;
        var ramping = sinceCompletion >= 0 && sinceCompletion < ramp;
        return channel switch
        {
            ProjectChannels.Investment => project.Investment * ProjectDynamics.Spend(t, start, project.Complete!.Value, Math.Max(start, p.Time.Start), complete),
            ProjectChannels.Started => t == start ? counts : 0,
            ProjectChannels.Completed => t == complete ? counts : 0,
            ProjectChannels.CapacityAdded => ramping ? project.Capacity / ramp : 0,
            ProjectChannels.JobsAdded => ramping ? project.Jobs / ramp : 0,
            ProjectChannels.CoverageGain => t == complete ? project.CoverageGain : 0,
            _ => 0,
        };
    }
}
