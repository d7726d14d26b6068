namespace LiubeiSim.Host.Tests;

/// <summary>
/// Test classes that start hosts run one after another. Orleans creates its "Microsoft.Orleans" meter per silo
/// (through the host's meter factory) and OpenTelemetry subscribes by meter name, so a host's exporter would also pick
/// up the instruments of another silo in the same test process, keep the first of two same-named instruments, and
/// lose the series when that other silo stops. One silo per process, as in production, keeps every host's
/// /metrics its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostCollection
{
    public const string Name = "hosts";
}
