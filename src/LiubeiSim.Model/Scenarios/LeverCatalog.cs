using LiubeiSim.Model.District;

namespace LiubeiSim.Model.Scenarios;

/// <summary>
/// The levers a scenario can pull, as model-assumptions.yaml declares them (range, unit, what each moves); defaults
/// are the figures <c>base.&lt;year&gt;.lever.&lt;name&gt;</c>. The names below are the levers the district's own
/// equations read; a chain's demand lever is named by the chain's data (<c>chain.&lt;id&gt;.lever</c>).
/// </summary>
public static class LeverCatalog
{
    public const string OutsideCapitalGrowth = "outside_capital_growth";
    public const string SgmwDemandGrowth = "sgmw_demand_growth";
    public const string LiugangAutoSteelGrowth = "liugang_auto_steel_growth";
    public const string NevTransitionShare = "nev_transition_share";
    public const string TourismEquipmentGrowth = "tourism_equipment_growth";
    public const string PrefabConstructionGrowth = "prefab_construction_growth";
    public const string ModernGarmentGrowth = "modern_garment_growth";
    public const string OtherIndustryGrowth = "other_industry_growth";
    public const string ServicesGrowth = "services_growth";
    public const string ProjectDelayMonths = "project_delay_months";
    public const string NewProjectsPerYear = "new_projects_per_year";
    public const string GuihuidaiVolume = "guihuidai_volume";
    public const string LivelihoodShare = "livelihood_share";
    public const string RndProgrammeGrowth = "rnd_programme_growth";

    public static IReadOnlyList<LeverDefinition> All => BaseYearDataset.Default.Levers;

    private static readonly Lazy<Dictionary<string, LeverDefinition>> ByName = new(() => All.ToDictionary(l => l.Name, StringComparer.Ordinal));

    public static bool TryGet(string name, out LeverDefinition definition) => ByName.Value.TryGetValue(name, out definition!);

    public static LeverDefinition Get(string name) =>
        TryGet(name, out var lever) ? lever : throw new KeyNotFoundException($"Unknown lever '{name}'. Levers: {string.Join(", ", All.Select(l => l.Name))}.");
}
