using LiubeiSim.Grains.Admission;

namespace LiubeiSim.Host.Admission;

/// <summary>Admission by cost: the <c>Admission</c> settings, bound for the silo's run catalog and for this host's comparisons and sweeps.</summary>
public static class AdmissionExtensions
{
    public static WebApplicationBuilder AddLiubeiSimAdmission(this WebApplicationBuilder builder)
    {
        // The silo shares this container: the catalog, comparisons and sweeps all read one AdmissionBudget.
        builder.Services.Configure<AdmissionOptions>(builder.Configuration.GetSection(AdmissionOptions.Section));
        builder.Services.AddSingleton<MemoryLeases>();
        return builder;
    }
}
