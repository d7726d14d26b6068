namespace LiubeiSim.Host.Tests;

/// <summary>One host shared by the tests of a class: a silo takes seconds to start, a request milliseconds.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private RunningHost? _host;

    public RunningHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async ValueTask InitializeAsync() => _host = await RunningHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
