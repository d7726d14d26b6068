using System.Data.Common;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// The API's view of the cluster's durable runs: the run catalog and the run grains, each call bounded in time. A call
/// that fails because grain storage or the silo holding the grain cannot be reached throws
/// <see cref="RunStoreUnavailableException"/> with a reason fit for a client (no grain key, address or stack); any
/// other failure is left as it is, a fault to be seen.
/// </summary>
public sealed class RunStore(IGrainFactory grains)
{
    /// <summary>
    /// Longest a request waits on one grain call. Grain calls may take minutes (a shard-month of a huge run); status,
    /// cancel, listing and reading a result take milliseconds, so a call this slow means a silo or storage is away.
    /// </summary>
    public static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);

    private IRunCatalogGrain Catalog => grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);

    /// <summary>Records the run in the catalog, which starts it when a slot and its memory are free; <see cref="RunRefusedException"/> when the cluster refuses it (too large, over a quota, queue full).</summary>
    public Task<string> SubmitAsync(Scenario scenario, int shards, string? owner = null) =>
        CallAsync(() => OrleansEngine.SubmitAsync(grains, scenario, shards: shards, owner: owner));

    /// <summary>The run's status, or null when the cluster holds no run of that id (never submitted, or forgotten).</summary>
    public async Task<RunStatus?> StatusAsync(string id)
    {
        var run = grains.GetGrain<IScenarioRunGrain>(id);
        var status = await CallAsync(run.GetStatus);
        if (status.State != RunState.NotStarted)
        {
            return status;
        }

        // The question activated a grain with nothing behind it: let it go now rather than after the idle collection age.
        await CallAsync(run.Stop);
        return null;
    }

    /// <summary>The result of a run whose status said completed.</summary>
    public async Task<RunResult> ResultAsync(string id) =>
        (await CallAsync(grains.GetGrain<IScenarioRunGrain>(id).GetResult)).Value;

    /// <summary>False when the run had already finished (or there is none). Through the catalog, so a queued run's place is free when this returns.</summary>
    public Task<bool> CancelAsync(string id) => CallAsync(() => OrleansEngine.CancelDurableAsync(grains, id));

    public Task<RunPage> ListAsync(RunState? state, int limit, string? after) =>
        CallAsync(() => Catalog.List(state, limit, after));

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().WaitAsync(CallLimit);
        }
        catch (Exception e) when (Unreachable(e) is { } reason)
        {
            throw new RunStoreUnavailableException(reason, e);
        }
    }

    private static async Task CallAsync(Func<Task> call) => await CallAsync(async () =>
    {
        await call();
        return true;
    });

    /// <summary>
    /// Why the call failed when the cause is the run store being out of reach, else null. Only the exception's type
    /// is named: Orleans' and the storage providers' messages carry grain ids, storage keys and silo addresses.
    /// </summary>
    internal static string? Unreachable(Exception exception)
    {
        var chain = new List<Exception>();
        for (var e = exception; e is not null && chain.Count < 16; e = e is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[0] : e.InnerException)
        {
            chain.Add(e);
        }

        // The deepest cause that names storage wins: Orleans wraps a provider's failure in its own exceptions, and a
        // Redis timeout is also a TimeoutException that says more as what it is.
        if (chain.LastOrDefault(e => e is RedisException or RedisTimeoutException or RedisStorageException or DbException) is { } storage)
        {
            return $"its grain storage could not be reached ({storage.GetType().Name})";
        }

        if (chain.FirstOrDefault(e => e is TimeoutException) is { } timeout)
        {
            return $"the cluster did not answer within {CallLimit.TotalSeconds:0} s ({timeout.GetType().Name})";
        }

        // Silo unavailable, message rejected, connection failed, a storage write refused: the cluster, not the request.
        return chain.FirstOrDefault(e => e is OrleansException) is { } cluster
            ? $"the silo holding the run could not be reached ({cluster.GetType().Name})"
            : null;
    }
}

/// <summary>The cluster's run store (grain storage, or the silo holding a run) cannot be reached; the message is safe to show a client.</summary>
public sealed class RunStoreUnavailableException : Exception
{
    public RunStoreUnavailableException()
    {
    }

    public RunStoreUnavailableException(string message)
        : base(message)
    {
    }

    public RunStoreUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
