namespace LiubeiSim.Model.Scenarios;

/// <summary>The levers a scenario can pull. Defaults are base-year figures (see <c>liubeisim baseline</c>).</summary>
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

    public static IReadOnlyList<LeverDefinition> All { get; } =
    [
        new(OutsideCapitalGrowth, "%", -90, 300, "lever.outside_capital_growth", "Change of out-of-region capital in place against the base year; scales project investment."),
        new(SgmwDemandGrowth, "%", -50, 100, "lever.sgmw_demand_growth", "Growth of final demand for auto parts and machinery from SGMW (上汽通用五菱 \"一二五\")."),
        new(LiugangAutoSteelGrowth, "%", -50, 100, "lever.liugang_auto_steel_growth", "Growth of final demand for metal deep processing from more automotive steel supplied by Liugang (柳钢)."),
        new(NevTransitionShare, "%", 0, 100, "lever.nev_transition_share", "Share of auto-parts firms supplying new-energy vehicles by the end of the horizon; adds demand growth and R&D."),
        new(TourismEquipmentGrowth, "%", -50, 100, "lever.tourism_equipment_growth", "Growth of final demand for tourism equipment (加快旅游装备制造业发展)."),
        new(PrefabConstructionGrowth, "%", -50, 100, "lever.prefab_construction_growth", "Growth of final demand for prefabricated building products."),
        new(ModernGarmentGrowth, "%", -50, 100, "lever.modern_garment_growth", "Growth of final demand for modern garments."),
        new(OtherIndustryGrowth, "%", -50, 100, "lever.other_industry_growth", "Growth of final demand for the rest of industry (mainly steel)."),
        new(ServicesGrowth, "%", -30, 50, "lever.services_growth", "Nominal growth of non-industrial GDP."),
        new(ProjectDelayMonths, "months", 0, 24, "lever.project_delay_months", "Months added to the construction time of every project."),
        new(NewProjectsPerYear, "count/year", 0, 500, "lever.new_projects_per_year", "Expected number of projects introduced per year (新引进项目)."),
        new(GuihuidaiVolume, "亿元/year", 0, 500, "lever.guihuidai_volume", "桂惠贷 loans granted per year; part of it finances investment."),
        new(LivelihoodShare, "%", 50, 100, "lever.livelihood_share", "Livelihood spending as a share of fiscal spending (民生支出占比)."),
        new(RndProgrammeGrowth, "%", -50, 200, "lever.rnd_programme_growth", "Growth of R&D spending driven by the science-and-innovation \"六个一\" programme, beyond what output explains."),
    ];

    private static readonly Dictionary<string, LeverDefinition> ByName = All.ToDictionary(l => l.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out LeverDefinition definition) => ByName.TryGetValue(name, out definition!);
}
