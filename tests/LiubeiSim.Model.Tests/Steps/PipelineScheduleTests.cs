using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Steps;

/// <summary>
/// A pipeline makes its schedules when its first cohort starts: one none of whose projects ever starts (the
/// non-industrial pipeline, whose start share and history are zero) holds none and says its spending, completions,
/// capacity and jobs are zero; one whose cohorts start reports them as written values. The golden hashes hold the bits.
/// </summary>
public sealed class PipelineScheduleTests
{
    public static TheoryData<string> ScenarioNames { get; } = [.. ScenarioLibrary.Names];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void A_pipeline_that_never_starts_keeps_no_schedules_and_says_its_schedule_channels_are_zero(string name)
    {
        var p = ModelParameters.Build(BaseYearDataset.Default, ScenarioLibrary.Load(name).WithReplications(3000), null);
        var block = new ReplicationBlock(11, 3000);
        var snapshot = DistrictSnapshot.Initial(p, block.Count);
        // Spending in doubles; completions in floats (the noise is on, so counts are whole; CompletionScheduleTests).
        var scheduleBytes = p.Months * block.Count * (long)(sizeof(double) + sizeof(float));
        var idle = 0;
        var starting = 0;
        foreach (var pipeline in p.Pipelines)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var step = new PipelineStep(p, pipeline, block);
            var setUpBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var never = !(pipeline.StartShare > 0) && !(pipeline.BaseYearStartsPerMonth > 0) && !(pipeline.EarlierStartsPerMonth > 0);
            var into = new EntityContribution(ProjectChannels.Count, block.Count);
            var started = 0.0;
            var saidZero = 0;
            for (var month = 0; month < p.Months; month++)
            {
                step.Advance(month, snapshot, into);
                started += into.Read(ProjectChannels.Started).ToArray().Sum();
                saidZero += into.IsZero(ProjectChannels.Investment) ? 1 : 0;
                if (never)
                {
                    foreach (var channel in new[] { ProjectChannels.Investment, ProjectChannels.Completed, ProjectChannels.CapacityAdded, ProjectChannels.JobsAdded, ProjectChannels.CoverageGain })
                    {
                        Assert.True(into.IsZero(channel), $"{pipeline.Id}, month {month}: channel {channel} is not said to be zero");
                        Assert.All(into.Read(channel).ToArray(), v => Assert.Equal(0.0, v));
                    }
                }
            }

            if (never)
            {
                idle++;
                Assert.Equal(0.0, started);
                Assert.True(setUpBytes < scheduleBytes / 2, $"{pipeline.Id} allocated {setUpBytes:N0} B at set-up; its schedules alone would be {scheduleBytes:N0} B");
            }
            else
            {
                starting++;
                Assert.True(started > 0, $"{pipeline.Id}: no project started in {p.Months} months of {block.Count} replications");
                Assert.True(setUpBytes >= scheduleBytes, $"{pipeline.Id} allocated {setUpBytes:N0} B at set-up, less than its schedules' {scheduleBytes:N0} B");
                Assert.Equal(0, saidZero);
            }
        }

        // The district has both kinds: otherwise this test would check only one branch.
        Assert.True(idle >= 1 && starting >= 1, $"{idle} pipelines that never start, {starting} that do");
    }
}
