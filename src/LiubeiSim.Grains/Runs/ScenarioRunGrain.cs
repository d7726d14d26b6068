using System.Diagnostics;
using LiubeiSim.Aggregation;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Telemetry;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Grains.Runs;

/// <summary>
/// One scenario run. Splits the replications with <see cref="ReplicationBlocks.Split"/> (the in-process engine's
/// split), starts the shards, and advances them month by month in parallel; each month's blocks are merged by
/// replication index in <see cref="RunAccumulator"/>, so the result does not depend on which shard finished first
/// or on which silo it ran.
/// </summary>
public sealed class ScenarioRunGrain : Grain, IScenarioRunGrain
{
    public const string EngineName = "orleans";

    private readonly Stopwatch _clock = new();
    private RunState _state = RunState.NotStarted;
    private int _shards;
    private int _months;
    private int[] _blockSizes = [];
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
            var data = BaseYearDataset.Default;
            var parameters = ModelParameters.Build(data, scenario, request.Io);
            var accumulator = new RunAccumulator(parameters, BaseValues.For(data, parameters));
            var blocks = ReplicationBlocks.Split(scenario.Replications, request.Shards);
            _shards = blocks.Length;
            _blockSizes = Array.ConvertAll(blocks, b => b.Count);
            shards = new IShardGrain[blocks.Length];
            for (var s = 0; s < blocks.Length; s++)
            {
                shards[s] = GrainFactory.GetGrain<IShardGrain>(EntityAddress.Shard(runId, s));
            }

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

            var pending = StartMonth(shards, 0);
            for (var month = 0; month < _months; month++)
            {
                var blocksOfMonth = await Task.WhenAll(pending);
                var merging = Stopwatch.GetTimestamp();
                for (var s = 0; s < blocks.Length; s++)
                {
                    accumulator.AddBlock(blocks[s], blocksOfMonth[s].Value);
                }

                // AddBlock copied the values, so the shards may overwrite them: next month starts while this one's quantiles are computed.
                if (month + 1 < _months)
                {
                    pending = StartMonth(shards, month + 1);
                }

                accumulator.CompleteMonth();
                LiubeiSimMetrics.MonthMerged(Stopwatch.GetElapsedTime(merging));
            }

            var simulation = _clock.Elapsed.TotalSeconds;
            var throughput = simulation > 0 ? (double)scenario.Replications * scenario.Months / simulation : 0;
            _result = accumulator.ToResult(EngineName, new RunTimings(0, simulation, throughput));
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

    private Task<Immutable<double[]>>[] StartMonth(IShardGrain[] shards, int month)
    {
        if (_cancelRequested || CancelledRuns.IsCancelled(this.GetPrimaryKeyString()))
        {
            throw new OperationCanceledException("The run was cancelled.");
        }

        var tasks = new Task<Immutable<double[]>>[shards.Length];
        for (var s = 0; s < shards.Length; s++)
        {
            tasks[s] = Track(shards[s].AdvanceMonth(month), _blockSizes[s]);
        }

        return tasks;
    }

    private async Task<Immutable<double[]>> Track(Task<Immutable<double[]>> call, int replications)
    {
        var values = await call;
        _shardMonthsDone++;
        _replicationMonthsDone += replications;
        LiubeiSimMetrics.ReplicationMonths.Add(replications);
        return values;
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

    private static string Describe(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }

        return e is EntityStepException ? e.Message : $"{e.GetType().Name}: {e.Message}";
    }
}
