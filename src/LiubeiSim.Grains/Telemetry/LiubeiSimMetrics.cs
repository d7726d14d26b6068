using System.Diagnostics.Metrics;
using LiubeiSim.Grains.Messages;

namespace LiubeiSim.Grains.Telemetry;

/// <summary>
/// The <c>LiubeiSim</c> meter: what operators watch about runs. Instruments carry no tags at all, so no run id,
/// grain key or scenario name can ever multiply the series; each silo reports its own, Prometheus sums across silos.
/// Names follow OpenTelemetry conventions; the Prometheus exporter turns them into
/// <c>liubeisim_runs_started_total</c>, <c>liubeisim_month_step_duration_seconds_bucket</c> and so on.
/// </summary>
public static class LiubeiSimMetrics
{
    public const string MeterName = "LiubeiSim";

    // Seconds from a 1 ms shard-month of a tiny run to well past the 2-minute grain call limit (SiloBuilderExtensions.ResponseTimeout).
    private static readonly double[] StepBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    // Whole runs last from well under a second (the API tests) to hours (a million replications over ten years).
    private static readonly double[] RunBuckets = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400];

    // Static, not from IMeterFactory: grains and the engine are created by Orleans and by the CLI without this wiring,
    // and a listener (the OpenTelemetry SDK in the host) picks a static meter up by name all the same.
    private static readonly Meter Meter = new(MeterName, typeof(LiubeiSimMetrics).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>(
        "liubeisim.runs.started", "{run}", "Scenario runs started on this silo.");

    public static readonly Counter<long> RunsCompleted = Meter.CreateCounter<long>(
        "liubeisim.runs.completed", "{run}", "Scenario runs that completed with a result.");

    public static readonly Counter<long> RunsFailed = Meter.CreateCounter<long>(
        "liubeisim.runs.failed", "{run}", "Scenario runs that failed (a grain step threw, a silo was lost, a call timed out).");

    public static readonly Counter<long> RunsCancelled = Meter.CreateCounter<long>(
        "liubeisim.runs.cancelled", "{run}", "Scenario runs cancelled by their caller.");

    public static readonly UpDownCounter<long> RunsInFlight = Meter.CreateUpDownCounter<long>(
        "liubeisim.runs.in_flight", "{run}", "Scenario runs started and not yet finished, on this silo.");

    public static readonly UpDownCounter<long> ShardsInFlight = Meter.CreateUpDownCounter<long>(
        "liubeisim.shards.in_flight", "{shard}", "Shards (blocks of replications) of runs in flight, counted on the silo of their run.");

    public static readonly Counter<long> RunsRestarted = Meter.CreateCounter<long>(
        "liubeisim.runs.restarted", "{run}", "Durable runs started again from their first month on this silo because their run grain was lost (its silo died or left).");

    public static readonly Counter<long> ShardsRecomputed = Meter.CreateCounter<long>(
        "liubeisim.shards.recomputed", "{shard}", "Shards recomputed from their seed on another activation because theirs was lost, counted on the silo of their run.");

    public static readonly Counter<long> MonthsSimulated = Meter.CreateCounter<long>(
        "liubeisim.months.simulated", "{month}", "Run-months completed: every shard advanced and the month was merged.");

    public static readonly Counter<long> ReplicationMonths = Meter.CreateCounter<long>(
        "liubeisim.replication_months", "{replication_month}", "Replication-months simulated (a shard-month of n replications adds n): the throughput.");

    public static readonly Histogram<double> MonthStepDuration = Meter.CreateHistogram(
        "liubeisim.month_step.duration", "s", "Time a shard takes to advance its block of replications by one month (every entity and the district reduce).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StepBuckets });

    public static readonly Histogram<double> AggregationDuration = Meter.CreateHistogram(
        "liubeisim.aggregation.duration", "s", "Time a run takes to merge one month of every shard's block into quantiles and target fractions.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StepBuckets });

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram(
        "liubeisim.run.duration", "s", "Wall time of a scenario run from start to its outcome (completed, failed or cancelled).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });

    /// <summary>
    /// Reports 0 on every counter and gauge so that they are exported before the first run: an alert on
    /// <c>increase(liubeisim_runs_failed_total[...])</c> then sees the first failure, and no dashboard panel is empty.
    /// Call it once a listener (the host's OpenTelemetry provider) is attached; adding 0 changes no value.
    /// </summary>
    public static void ReportZeros()
    {
        foreach (var counter in new[] { RunsStarted, RunsCompleted, RunsFailed, RunsCancelled, RunsRestarted, ShardsRecomputed, MonthsSimulated, ReplicationMonths })
        {
            counter.Add(0);
        }

        RunsInFlight.Add(0);
        ShardsInFlight.Add(0);
    }

    /// <summary>Records a run that just began.</summary>
    public static void RunStarted()
    {
        RunsStarted.Add(1);
        RunsInFlight.Add(1);
    }

    /// <summary>Records a run's outcome and how long it took; counts nothing for a state that is not an outcome.</summary>
    public static void RunEnded(RunState outcome, TimeSpan duration)
    {
        var counter = outcome switch
        {
            RunState.Completed => RunsCompleted,
            RunState.Failed => RunsFailed,
            RunState.Cancelled => RunsCancelled,
            _ => null,
        };
        if (counter is null)
        {
            return;
        }

        counter.Add(1);
        RunsInFlight.Add(-1);
        RunDuration.Record(duration.TotalSeconds);
    }

    /// <summary>Records a run that left this silo unfinished (its activation moved or the silo stopped): no longer in flight here.</summary>
    public static void RunLeft() => RunsInFlight.Add(-1);

    /// <summary>Records a month merged by a run: one more run-month, and the merge's duration.</summary>
    public static void MonthMerged(TimeSpan aggregation)
    {
        MonthsSimulated.Add(1);
        AggregationDuration.Record(aggregation.TotalSeconds);
    }
}
