using LiubeiSim.Host.Runs;
using Orleans.Runtime;
using StackExchange.Redis;

namespace LiubeiSim.Host.Tests;

/// <summary>Which failures of a grain call the run API answers as an unreachable run store (503), and what it tells the client.</summary>
public sealed class RunStoreTests
{
    private const string GrainKey = "scenariorun/0123456789abcdef";

    [Fact]
    public void A_storage_failure_wrapped_by_orleans_is_the_storage_and_names_no_grain_key_or_address()
    {
        var redis = new RedisConnectionException(ConnectionFailureType.UnableToConnect, "It was not possible to connect to 127.0.0.1:6379");
        var wrapped = new OrleansException($"Error from storage provider RedisGrainStorage.run during ReadStateAsync for grain {GrainKey}", redis);

        var reason = RunStore.Unreachable(wrapped);

        Assert.Equal("its grain storage could not be reached (RedisConnectionException)", reason);
    }

    [Fact]
    public void A_timeout_is_the_cluster_not_answering_and_a_redis_timeout_is_the_storage()
    {
        Assert.StartsWith("the cluster did not answer within 30 s", RunStore.Unreachable(new TimeoutException($"{GrainKey} at S127.0.0.1:11111")), StringComparison.Ordinal);
        Assert.Equal("its grain storage could not be reached (RedisTimeoutException)", RunStore.Unreachable(new AggregateException(new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent))));
    }

    [Fact]
    public void A_lost_silo_is_the_cluster_and_a_fault_of_the_code_is_not_the_store()
    {
        Assert.Equal("the silo holding the run could not be reached (SiloUnavailableException)", RunStore.Unreachable(new SiloUnavailableException($"S127.0.0.1:11111 is dead; {GrainKey}")));

        // A bug is a 500 to be seen, not a 503 that tells the client to wait.
        Assert.Null(RunStore.Unreachable(new InvalidOperationException("Run x has no result")));
        Assert.Null(RunStore.Unreachable(new NullReferenceException()));
    }
}
