using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Grains.Tests;

/// <summary>One embedded silo, started the way the CLI starts it, shared by the tests of a class.</summary>
public sealed class EmbeddedSiloFixture : IAsyncLifetime
{
    private EmbeddedSilo? _silo;

    public IGrainFactory Grains => _silo!.Grains;

    public async ValueTask InitializeAsync() => _silo = await EmbeddedSilo.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
