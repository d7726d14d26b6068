using System.Diagnostics;
using LiubeiSim.Aggregation;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Telemetry;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// One scenario run. Splits the replications with <see cref="ReplicationBlocks.Split"/> (the in-process engine's
/// split), starts the shards, and hands them to <see cref="RunDriver"/>, which advances them month by month in
/// parallel and merges each month's blocks by replication index, so the result does not depend on which shard
/// finished first or on which silo it ran.
/// </summary>
public sealed class ScenarioRunGrain : Grain, IScenarioRunGrain
{
    public const string EngineName = "orleans";

    private readonly Stopwatch _clock = new();
    private RunState _state = RunState.NotStarted;
    private int _shards;
    private int _months;
    private long _shardMonthsDone;
    private long _replicationMonthsDone;
    private bool _cancelRequested;
    private IShardGrain[] _shardGrains = [];
    private string? _failure;
    private RunResult? _result;

    /// <summary>Completed when the run loop leaves, whatever the outcome; continuations run off the loop's turn.</summary>
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Start(RunRequest request)
    {
        if (_state != RunState.NotStarted)
        {
            throw new InvalidOperationException($"Run {this.GetPrimaryKeyString()} was already started.");
        }

        _state = RunState.Running;
        _months = request.Scenario.Months;
        _clock.Start();
        LiubeiSimMetrics.RunStarted();

        // Not awaited: the loop runs on this activation's scheduler while GetStatus and Cancel calls come in between its awaits.
        _ = RunLoop(request);
        return Task.CompletedTask;
    }

    public Task<RunStatus> GetStatus()
    {
        var done = _shardMonthsDone;
        var shards = Math.Max(_shards, 1);
        return Task.FromResult(new RunStatus
        {
            State = _state,
            Month = done == 0 ? 0 : (int)((done - 1) / shards),
            ShardsDone = done == 0 ? 0 : (int)((done - 1) % shards) + 1,
            Shards = shards,
            Months = _months,
            ElapsedSeconds = _clock.Elapsed.TotalSeconds,
            ReplicationMonthsDone = _replicationMonthsDone,
            Failure = _failure,
        });
    }

    public async Task WaitForEnd(TimeSpan limit)
    {
        if (_state == RunState.NotStarted || _ended.Task.IsCompleted)
        {
            return;
        }

        // WhenAny rather than WaitAsync(limit): a poll that times out is the normal case and should not throw.
        using var timeout = new CancellationTokenSource();
        var delay = Task.Delay(limit, timeout.Token);
        if (await Task.WhenAny(_ended.Task, delay) == _ended.Task)
        {
            timeout.Cancel();
        }
    }

    public Task Cancel()
    {
        _cancelRequested = true;

        // Shards of this silo see it at once; those elsewhere are told (the call interleaves with a month under way).
        CancelledRuns.Cancel(this.GetPrimaryKeyString());
        foreach (var shard in _shardGrains)
        {
            _ = shard.Cancel();
        }

        return Task.CompletedTask;
    }

    public Task<Immutable<RunResult>> GetResult() =>
        _result is { } result
            ? Task.FromResult(result.AsImmutable())
            : throw new InvalidOperationException($"Run {this.GetPrimaryKeyString()} has no result: it is {_state.ToString().ToLowerInvariant()}{(_failure is null ? string.Empty : $" ({_failure})")}.");

    public Task Stop()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task RunLoop(RunRequest request)
    {
        var runId = this.GetPrimaryKeyString();
        var shards = Array.Empty<IShardGrain>();
        try
        {
            var scenario = request.Scenario;
            var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, request.Io);
            var blocks = ReplicationBlocks.Split(scenario.Replications, request.Shards);
            _shards = blocks.Length;
            shards = [.. blocks.Select((_, s) => GrainFactory.GetGrain<IShardGrain>(EntityAddress.Shard(runId, s)))];
            _shardGrains = shards;

            LiubeiSimMetrics.ShardsInFlight.Add(shards.Length);
            await Task.WhenAll(blocks.Select((b, s) => shards[s].Start(new ShardSetup
            {
                RunId = runId,
                Shard = s,
                Scenario = scenario,
                Io = request.Io,
                BlockStart = b.Start,
                BlockCount = b.Count,
            })));

            // The same driver as the in-process engine: months in lockstep, blocks merged by replication index.
            var steppers = blocks.Select((b, s) => new ShardStepper(this, shards[s], b)).ToArray();
            var result = await RunDriver.RunAsync(parameters, steppers, EngineName, new Progress(this), LiubeiSimMetrics.MonthMerged);
            _result = result with { Timings = result.Timings with { SimulationSeconds = _clock.Elapsed.TotalSeconds } };
            _state = RunState.Completed;
        }
        catch (Exception) when (_cancelRequested || CancelledRuns.IsCancelled(runId))
        {
            _state = RunState.Cancelled;
        }
        catch (Exception e)
        {
            _failure = Describe(e);
            _state = RunState.Failed;
        }
        finally
        {
            _clock.Stop();

            // The outcome is decided: a waiting caller may read it while the shards are let go.
            _ended.TrySetResult();
            await StopShards(shards);
            LiubeiSimMetrics.ShardsInFlight.Add(-shards.Length);
            LiubeiSimMetrics.RunEnded(_state, _clock.Elapsed);
            if (_state == RunState.Cancelled)
            {
                // Whoever cancelled has stopped listening and will not call Stop.
                DeactivateOnIdle();
            }
        }
    }

    private static async Task StopShards(IShardGrain[] shards)
    {
        try
        {
            await Task.WhenAll(shards.Select(s => s.Stop()));
        }
        catch (Exception)
        {
            // Best effort: an activation that cannot stop is collected when idle; the run's outcome is already decided.
        }
    }

    /// <summary>A shard grain as the run driver sees it; a month that starts after a cancel is refused here.</summary>
    private sealed class ShardStepper(ScenarioRunGrain run, IShardGrain shard, ReplicationBlock block) : IShardStepper
    {
        public ReplicationBlock Block => block;

        public async ValueTask<ReadOnlyMemory<double>> AdvanceMonth(int month, CancellationToken cancellationToken)
        {
            if (run._cancelRequested || CancelledRuns.IsCancelled(run.GetPrimaryKeyString()))
            {
                throw new OperationCanceledException("The run was cancelled.");
            }

            var values = await shard.AdvanceMonth(month);
            LiubeiSimMetrics.ReplicationMonths.Add(block.Count);
            return values.Value;
        }
    }

    /// <summary>Keeps the counters <see cref="GetStatus"/> reports; the driver's continuations run on this grain's turns.</summary>
    private sealed class Progress(ScenarioRunGrain run) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            run._shardMonthsDone++;
            run._replicationMonthsDone = value.ReplicationMonthsDone;
        }
    }

    private static string Describe(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }

        return e is EntityStepException ? e.Message : $"{e.GetType().Name}: {e.Message}";
    }
}
