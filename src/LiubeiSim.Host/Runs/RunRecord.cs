using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// One run submitted to this host: its validated scenario, where it stands, and its result once complete. The
/// worker writes it while API requests read it, so every change and every read goes through one lock.
/// </summary>
public sealed class RunRecord : IProgress<RunProgress>
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private RunPhase _phase = RunPhase.Queued;
    private double _progress;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _finishedAt;
    private string? _error;
    private RunResult? _result;

    public RunRecord(string id, Scenario scenario, int shards, DateTimeOffset createdAt)
    {
        Id = id;
        Scenario = scenario;
        Shards = shards;
        CreatedAt = createdAt;
    }

    public string Id { get; }

    public Scenario Scenario { get; }

    /// <summary>Shards asked for; 0 lets the engine choose.</summary>
    public int Shards { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>Cancelled when the caller cancels the run.</summary>
    public CancellationToken Cancellation => _cancellation.Token;

    public bool IsFinished
    {
        get
        {
            lock (_gate)
            {
                return _phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled;
            }
        }
    }

    /// <summary>
    /// The run's result once it has completed, else null. Kept rather than its files' text: the files are written from
    /// it on request (a few milliseconds), and the monthly statistics take less memory than the CSV that prints them.
    /// </summary>
    public RunResult? Result
    {
        get
        {
            lock (_gate)
            {
                return _result;
            }
        }
    }

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

    /// <summary>Moves a queued run to running; false when it was cancelled while it waited.</summary>
    public bool TryStart(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_phase != RunPhase.Queued)
            {
                return false;
            }

            _phase = RunPhase.Running;
            _startedAt = now;
            return true;
        }
    }

    public void Report(RunProgress value)
    {
        var total = (double)Scenario.Replications * Scenario.Months;
        lock (_gate)
        {
            if (_phase == RunPhase.Running && total > 0)
            {
                // Never backwards, never 1 before the result is in: 1 means the files can be fetched.
                _progress = Math.Max(_progress, Math.Min(0.999, value.ReplicationMonthsDone / total));
            }
        }
    }

    public void Complete(RunResult result, DateTimeOffset now) => Finish(RunPhase.Completed, now, null, result);

    public void Fail(string error, DateTimeOffset now) => Finish(RunPhase.Failed, now, error, null);

    public void MarkCancelled(DateTimeOffset now, string? reason) => Finish(RunPhase.Cancelled, now, reason, null);

    /// <summary>Asks the run to stop. A queued run is cancelled at once; a running one after the month under way. False when it had already finished.</summary>
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

    public RunStatusView View(DateTimeOffset now, string summaryLink)
    {
        lock (_gate)
        {
            double? elapsed = _startedAt is { } started ? ((_finishedAt ?? now) - started).TotalSeconds : null;
            return new RunStatusView(
                Id,
                _phase.ToString().ToLowerInvariant(),
                _progress,
                Scenario.Name,
                Scenario.Replications,
                Scenario.Seed,
                Scenario.Months,
                Shards,
                CreatedAt,
                _startedAt,
                _finishedAt,
                elapsed,
                _error,
                _phase == RunPhase.Completed ? summaryLink : null);
        }
    }

    private void Finish(RunPhase phase, DateTimeOffset now, string? error, RunResult? result)
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
            _result = result;
            if (phase == RunPhase.Completed)
            {
                _progress = 1;
            }
        }
    }
}
