using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LiubeiSim.Grains.Storage;

public static class DataStoreSiloBuilderExtensions
{
    /// <summary>The name of the SQLite grain storage; it is also the silo's default storage.</summary>
    public const string StorageName = "LiubeiSimData";

    /// <summary>
    /// Keeps grain state in <see cref="SqliteGrainStorage"/> under <paramref name="directory"/> (empty: the default data
    /// directory), as the storage named <see cref="StorageName"/> and as the default one. The silo locks the directory
    /// and opens the database when it starts, and releases both when it stops.
    /// </summary>
    public static ISiloBuilder AddLiubeiSimDataStore(this ISiloBuilder silo, string directory) =>
        silo.ConfigureServices(services =>
        {
            // Orleans' own registration: a keyed singleton that also joins the silo lifecycle.
            services.AddGrainStorage(StorageName, (provider, name) => new SqliteGrainStorage(
                name,
                directory,
                OrleansBinarySerializer(provider),
                provider.GetRequiredService<IActivatorProvider>(),
                provider.GetRequiredService<ILogger<SqliteGrainStorage>>()));

            // The default is the same instance, not a second store: there is one lock and one connection per directory.
            services.AddKeyedSingleton<IGrainStorage>(
                ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (provider, _) => provider.GetRequiredKeyedService<IGrainStorage>(StorageName));
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        });

    /// <summary>
    /// Makes a grain storage provider (Redis, memory, …) store state with Orleans' binary serializer instead of its JSON
    /// default: grain state holds types only Orleans' codecs and surrogates know (a scenario, an input-output table, a
    /// run's result), which JSON would not round-trip.
    /// </summary>
    public static OptionsBuilder<TOptions> UseOrleansBinarySerializer<TOptions>(this OptionsBuilder<TOptions> options)
        where TOptions : class, IStorageProviderSerializerOptions =>
        options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));

    private static OrleansGrainStorageSerializer OrleansBinarySerializer(IServiceProvider provider) =>
        new(provider.GetRequiredService<Serializer>());
}
