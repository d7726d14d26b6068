using System.Diagnostics;
using System.Globalization;

namespace LiubeiSim.Analysis.Sweeps;

/// <summary>
/// Where a sweep is, safe to read while its points run: points done of the total, replication-months simulated by
/// this invocation (finished points and the ones in flight), the rate and the time left.
/// </summary>
public sealed class SweepProgress
{
    private readonly Stopwatch _clock = new();
    private readonly long[] _inFlight;
    private long _finishedReplicationMonths;
    private int _done;

    /// <param name="total">Points of the whole sweep.</param>
    /// <param name="alreadyDone">Points finished by an earlier invocation (a resumed sweep).</param>
    /// <param name="replicationMonthsPerPoint">Replications × months of one point.</param>
    /// <param name="slots">Points that may be in flight at once.</param>
    public SweepProgress(int total, int alreadyDone, long replicationMonthsPerPoint, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Total = total;
        AlreadyDone = alreadyDone;
        _done = alreadyDone;
        ReplicationMonthsPerPoint = replicationMonthsPerPoint;
        _inFlight = new long[slots];
    }

    public int Total { get; }

    public int AlreadyDone { get; }

    public long ReplicationMonthsPerPoint { get; }

    public int Done => Volatile.Read(ref _done);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Replication-months this invocation has simulated, points in flight included.</summary>
    public long ReplicationMonths
    {
        get
        {
            var total = Interlocked.Read(ref _finishedReplicationMonths);
            for (var i = 0; i < _inFlight.Length; i++)
            {
                total += Interlocked.Read(ref _inFlight[i]);
            }

            return total;
        }
    }

    /// <summary>Replication-months per second so far; null until there is a rate to speak of.</summary>
    public double? Rate
    {
        get
        {
            var seconds = Elapsed.TotalSeconds;
            var done = ReplicationMonths;
            return done > 0 && seconds > 0 ? done / seconds : null;
        }
    }

    /// <summary>Time left at the rate so far; null while there is no rate.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            if (Rate is not { } rate)
            {
                return null;
            }

            var left = Math.Max(0, ((long)(Total - AlreadyDone) * ReplicationMonthsPerPoint) - ReplicationMonths);
            return TimeSpan.FromSeconds(left / rate);
        }
    }

    public void Start() => _clock.Start();

    public void Stop() => _clock.Stop();

    /// <summary>A point in slot <paramref name="slot"/> has simulated this many replication-months so far.</summary>
    public void Report(int slot, long replicationMonths) => Interlocked.Exchange(ref _inFlight[slot], replicationMonths);

    /// <summary>The point in <paramref name="slot"/> finished: its replication-months move from in flight to finished.</summary>
    public void PointDone(int slot)
    {
        Interlocked.Add(ref _finishedReplicationMonths, ReplicationMonthsPerPoint);
        Interlocked.Exchange(ref _inFlight[slot], 0);
        Interlocked.Increment(ref _done);
    }

    /// <summary>The point in <paramref name="slot"/> did not finish (cancelled or failed): its work is not counted.</summary>
    public void PointAbandoned(int slot) => Interlocked.Exchange(ref _inFlight[slot], 0);

    /// <summary>E.g. <c>12/50 points, 48,000 replication-months/s, 1m 20s left</c>; "starting" until there is a rate.</summary>
    public string Describe()
    {
        var points = string.Create(CultureInfo.InvariantCulture, $"{Done}/{Total} points");
        return Rate is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{points}, {rate:N0} replication-months/s, {Duration(Remaining ?? TimeSpan.Zero)} left")
            : $"{points}, starting";
    }

    /// <summary>A short duration: <c>45s</c>, <c>3m 05s</c>, <c>2h 10m</c>.</summary>
    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:00}m")
        : span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(span.TotalSeconds):0}s");
}
