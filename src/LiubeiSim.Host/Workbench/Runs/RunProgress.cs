using LiubeiSim.Grains.Messages;
using LiubeiSim.Host.Runs;

namespace LiubeiSim.Host.Workbench.Runs;

/// <summary>
/// What the run page shows of a run in flight, from its grain's status alone: percent done (the API's progress, so the
/// bar reaches 100 only once the files can be fetched), months and shards done, replications a second and time left.
/// </summary>
/// <param name="Percent">0 to 100, whole.</param>
/// <param name="ShardMonthsDone">Months × shards done: each shard computes each month once.</param>
/// <param name="ShardMonths">Months × shards of the whole run.</param>
/// <param name="Month">The month under way or last done, from 1; 0 before any.</param>
/// <param name="ShardsDone">Shards done in that month.</param>
/// <param name="ReplicationsPerSecond">Replications' worth of months computed a second since the run started; null before any.</param>
/// <param name="Remaining">Time left at that pace; null while it cannot be told (queued, nothing done yet, finished).</param>
public sealed record RunProgress(int Percent, long ShardMonthsDone, long ShardMonths, int Month, int Months, int ShardsDone, int Shards, double? ReplicationsPerSecond, TimeSpan? Remaining)
{
    public static RunProgress Of(RunStatus status, DateTimeOffset now)
    {
        var fraction = RunStatusView.ProgressOf(status);
        var percent = status.State == RunState.Completed ? 100 : (int)Math.Floor(fraction * 100);
        var elapsed = status.StartedAt is { } started ? Math.Max(0, ((status.FinishedAt ?? now) - started).TotalSeconds) : status.ElapsedSeconds;

        double? rate = null;
        TimeSpan? remaining = null;
        if (status.ReplicationMonthsDone > 0 && elapsed > 0 && status.Months > 0)
        {
            // A replication is all its months: replication-months a second over the months is replications a second.
            var perSecond = status.ReplicationMonthsDone / elapsed;
            rate = perSecond / status.Months;
            if (status.State == RunState.Running)
            {
                var left = Math.Max(0, ((double)status.Replications * status.Months) - status.ReplicationMonthsDone);
                remaining = TimeSpan.FromSeconds(Math.Ceiling(left / perSecond));
            }
        }

        // The grain reports the month under way (from 0) and the shards done in it (from 1) once any shard-month is done.
        var shards = Math.Max(status.Shards, 1);
        var total = (long)status.Months * shards;
        var (month, shardsDone) = status.State == RunState.Completed
            ? (status.Months, shards)
            : status.ShardsDone == 0 ? (0, 0) : (status.Month + 1, Math.Min(status.ShardsDone, shards));
        var done = status.State == RunState.Completed ? total : month == 0 ? 0 : Math.Min(total, ((long)(month - 1) * shards) + shardsDone);
        return new RunProgress(percent, done, total, month, status.Months, shardsDone, shards, rate, remaining);
    }
}
