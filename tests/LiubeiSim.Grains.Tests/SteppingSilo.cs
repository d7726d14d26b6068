using System.Collections.Concurrent;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// An embedded silo for a test class that records the key of every entity step and may slow some down (see
/// <see cref="Slow"/>), to hold a run in a given state long enough to look at it.
/// </summary>
public abstract class SteppingSilo : IAsyncLifetime, IEntityStepHook
{
    private EmbeddedSilo? _silo;

    /// <summary>Every grain key that stepped an entity.</summary>
    public ConcurrentDictionary<string, bool> Keys { get; } = new(StringComparer.Ordinal);

    public IGrainFactory Grains => _silo!.Grains;

    public void BeforeStep(string grainKey, string entity, int month)
    {
        Keys[grainKey] = true;
        Slow(grainKey, entity, month);
    }

    /// <summary>Called before each entity's step, on its grain's turn: sleep here to slow that step.</summary>
    protected abstract void Slow(string grainKey, string entity, int month);

    /// <summary>Silo settings besides the hook.</summary>
    protected virtual void Configure(IServiceCollection services)
    {
    }

    public async ValueTask InitializeAsync() =>
        _silo = await EmbeddedSilo.StartAsync(s =>
        {
            s.Services.AddSingleton<IEntityStepHook>(this);
            Configure(s.Services);
        });

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
