using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Host.Runs;

namespace LiubeiSim.Host.Sweeps;

/// <summary>
/// One sweep submitted to this host: its spec and points, where it stands, and the folder of its tables. The worker
/// writes it while API requests read it, so every change and every read goes through one lock.
/// </summary>
public sealed class SweepRecord(string id, SweepSpec spec, IReadOnlyList<SweepWork> work, string directory, DateTimeOffset createdAt)
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private RunPhase _phase = RunPhase.Queued;
    private SweepProgress? _progress;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _finishedAt;
    private string? _error;
    private string? _report;

    public string Id { get; } = id;

    public SweepSpec Spec { get; } = spec;

    public IReadOnlyList<SweepWork> Work { get; } = work;

    /// <summary>The sweep's folder: a subfolder per table format.</summary>
    public string Directory { get; } = directory;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The name of the key that submitted it (who may cancel it besides an admin); null when nobody said.</summary>
    public string? Owner { get; init; }

    public CancellationToken Cancellation => _cancellation.Token;

    public RunPhase Phase
    {
        get
        {
            lock (_gate)
            {
                return _phase;
            }
        }
    }

    public bool IsFinished => Phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled;

    /// <summary>sweep.json once the sweep has completed, else null.</summary>
    public string? Report
    {
        get
        {
            lock (_gate)
            {
                return _report;
            }
        }
    }

    public string TablesDirectory(Analysis.Tables.TidyTableFormat format) => Path.Combine(Directory, format.ToString().ToLowerInvariant());

    /// <summary>Moves a queued sweep to running with its progress counters; false when it was cancelled while it waited.</summary>
    public bool TryStart(SweepProgress progress, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_phase != RunPhase.Queued)
            {
                return false;
            }

            _phase = RunPhase.Running;
            _progress = progress;
            _startedAt = now;
            return true;
        }
    }

    public void Complete(string report, DateTimeOffset now) => Finish(RunPhase.Completed, now, null, report);

    public void Fail(string error, DateTimeOffset now) => Finish(RunPhase.Failed, now, error, null);

    public void MarkCancelled(DateTimeOffset now, string? reason) => Finish(RunPhase.Cancelled, now, reason, null);

    /// <summary>Asks the sweep to stop: a queued one at once, a running one after its points in flight are cancelled. False when it had finished.</summary>
    public bool RequestCancel(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled)
            {
                return false;
            }

            if (_phase == RunPhase.Queued)
            {
                _phase = RunPhase.Cancelled;
                _finishedAt = now;
                _error = "cancelled before it started";
            }
        }

        _cancellation.Cancel();
        return true;
    }

    public SweepStatusView View(DateTimeOffset now)
    {
        lock (_gate)
        {
            var points = Work.Count;
            var perPoint = (double)Spec.Replications * Spec.Months;
            var done = _phase == RunPhase.Completed ? points : _progress?.Done ?? 0;

            // Points done and the replication-months of those in flight; 1 only once the tables can be fetched.
            var progress = _phase == RunPhase.Completed ? 1 : _progress is { } p && points > 0 ? Math.Min(0.999, p.ReplicationMonths / (points * perPoint)) : 0;
            double? elapsed = _startedAt is { } started ? ((_finishedAt ?? now) - started).TotalSeconds : null;
            return new SweepStatusView(
                Id,
                _phase.ToString().ToLowerInvariant(),
                progress,
                points,
                done,
                Spec.BaseScenario.Name,
                Spec.DesignName,
                Spec.FactorNames,
                Spec.Replications,
                Spec.Seed,
                Spec.Months,
                CreatedAt,
                _startedAt,
                _finishedAt,
                elapsed,
                _error,
                _phase == RunPhase.Completed ? SweepEndpoints.Files.ToDictionary(f => f, f => $"{SweepEndpoints.SweepsPath}/{Id}/{f}") : null);
        }
    }

    private void Finish(RunPhase phase, DateTimeOffset now, string? error, string? report)
    {
        lock (_gate)
        {
            if (_phase is RunPhase.Completed or RunPhase.Failed || (_phase == RunPhase.Cancelled && phase != RunPhase.Cancelled))
            {
                return;
            }

            _phase = phase;
            _finishedAt ??= now;
            _error ??= error;
            _report = report;
        }
    }
}

/// <summary>The body of <c>GET /api/sweeps/{id}</c>.</summary>
/// <param name="Id">The sweep's id.</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Progress">0 to 1, by replication-months simulated; 1 only once the tables can be fetched.</param>
/// <param name="Points">Points of the sweep.</param>
/// <param name="PointsDone">Points finished and written.</param>
/// <param name="Scenario">The base scenario's name.</param>
/// <param name="Design"><c>grid</c>, <c>lhs</c> or <c>sobol</c>.</param>
/// <param name="Factors">The factors' setting keys, in the spec's order (the points table's columns).</param>
/// <param name="Replications">Replications of every point.</param>
/// <param name="Seed">Every point's seed.</param>
/// <param name="Months">Months of the horizon.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="StartedAt">When it started running.</param>
/// <param name="FinishedAt">When it completed, failed or was cancelled.</param>
/// <param name="ElapsedSeconds">Running time so far, or in all.</param>
/// <param name="Error">Why it failed or was cancelled.</param>
/// <param name="Files">Once completed: each file's URL by name (sweep.json, the tables as .csv and .parquet).</param>
public sealed record SweepStatusView(
    string Id,
    string Status,
    double Progress,
    int Points,
    int PointsDone,
    string Scenario,
    string Design,
    IReadOnlyList<string> Factors,
    int Replications,
    ulong Seed,
    int Months,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? ElapsedSeconds,
    string? Error,
    IReadOnlyDictionary<string, string>? Files);
