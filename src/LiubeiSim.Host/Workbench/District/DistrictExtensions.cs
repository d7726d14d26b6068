using LiubeiSim.Model.District;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiubeiSim.Host.Workbench.District;

public static class DistrictExtensions
{
    /// <summary>
    /// The district page's data: the shipped dataset as the CLI loads it (<see cref="BaseYearDataset.Default"/>, loaded
    /// once) unless the host registered one, and the embedded report it quotes.
    /// </summary>
    public static IServiceCollection AddLiubeiSimDistrict(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => BaseYearDataset.Default);
        services.TryAddSingleton(sp => new DistrictData(sp.GetRequiredService<BaseYearDataset>(), BaseYearDataset.ReportText));
        return services;
    }
}
