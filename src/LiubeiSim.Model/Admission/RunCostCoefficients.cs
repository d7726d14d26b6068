namespace LiubeiSim.Model.Admission;

/// <summary>
/// The engine's own memory figures behind <see cref="RunCostEstimator"/>: engineering numbers measured on this code, not
/// model numbers. Each is rounded up from its measurement (benchmarks/README.md, "Admission: what a run costs in
/// memory", has the commands, the machine, its load and every figure), so an estimate errs on the large side.
/// </summary>
/// <remarks>
/// Measured twice: the live bytes of each part for a block of replications (<c>LiubeiSim.Benchmarks memory-parts R M F</c>,
/// the managed heap's growth while the part is held), and the peak resident set a real host adds while it runs one
/// run (<c>benchmarks/admission/measure.py</c>). Change a coefficient only with a new measurement: the admission test
/// runs a host under a hard heap limit and would fail if an estimate fell short.
/// </remarks>
public static class RunCostCoefficients
{
    /// <summary>
    /// Bytes per replication that do not depend on the horizon or on synthetic firms: the chains', projects' and towns'
    /// state and contributions, the pipelines' contributions and backlogs, the district's stocks and its two snapshots,
    /// the raw values, and the run's merge (the current month's matrix, which no run holds since the blocks write into the
    /// run's own in process and a grain run reads its shards' arrays where they are, so now a margin; and the targets'
    /// end-of-horizon values). The
    /// series accumulator's own bytes are derived from the series (<c>SeriesAccumulator.BytesPerReplication</c>).
    /// Measured 3,425 to 3,503 B in process (the allocation of a 4,000-replication block stepped one month and its
    /// merge, less the schedules and the accumulator; <c>RunCostEstimatorTests</c>). The contributions and raw values,
    /// about 2 KB of it, live only within a month: the in-process engine's blocks share a set per block stepping at
    /// once (<c>MonthScratchPool</c>) and a grain shard holds one part's (<c>ShardParts</c>), so in process, and on grains
    /// where a shard holds more than one part, the estimate is to the safe side.
    /// </summary>
    public const long ReplicationBytes = 3_600;

    /// <summary>
    /// Bytes per replication, per pipeline, per month of the horizon: the month's scheduled spending and completions
    /// (8 B of spending and 4 B of completions, whole counts kept as floats, in every scenario run; 8 + 8 B with the
    /// noise off, the control forecast's expected counts), filled as cohorts start. A pipeline none of whose projects
    /// starts holds none; the estimate counts 16 B for every pipeline, to the safe side.
    /// </summary>
    public const long ScheduleMonthBytes = 16;

    /// <summary>Bytes per replication per synthetic firm: the firm's monthly contribution, one channel of 8 B. Measured 8.0 B.</summary>
    public const long FirmReplicationBytes = 8;

    /// <summary>
    /// Bytes per grain activation of a run on the grains engine (each shard activates one grain per entity, synthetic
    /// firms included, plus its district and itself), with the messages a month sends it: measured 7 to 15 KB per
    /// activation on a host (2,048 shards of one replication; 5,000 and 20,000 firms over 1 to 8 shards).
    /// </summary>
    public const long ActivationBytes = 16 * 1024;

    /// <summary>
    /// Bytes per run whatever its size: the run's parameters, input-output table, result (54 series × 48 B per month) and
    /// record, and the part of the collector's allocation budget its messages take. A 10,000-replication run raised a
    /// host's resident set 37 MiB above its live state.
    /// </summary>
    public const long RunBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The heap a run's state needs above its live bytes: the collector's headroom, fragmentation and the month's
    /// messages in flight. Measured on a host (server GC, no heap limit) the collector's committed memory reached 1.36 times
    /// the live state of two 380,000-replication runs (the resident set 1.2 times); under a hard heap limit, which makes
    /// the collector tighter, 1.10 times.
    /// </summary>
    public const double HeapSlack = 1.4;
}
