namespace LiubeiSim.Model.Indicators;

/// <summary>Every indicator the model computes. The order here is the order of every output table and file.</summary>
public static class IndicatorCatalog
{
    public const string Gdp = "gdp";
    public const string IndustrialOutput = "industrial_output";
    public const string IndustrialValueAdded = "industrial_value_added";
    public const string InvestmentDisbursed = "investment_disbursed";
    public const string IndustrialInvestment = "industrial_investment";
    public const string OutsideCapitalInPlace = "outside_capital_in_place";
    public const string ProjectsIntroduced = "projects_introduced";
    public const string IndustrialProjectsIntroduced = "industrial_projects_introduced";
    public const string ProjectsStarted = "projects_started";
    public const string ProjectsCompleted = "projects_completed";
    public const string GuihuidaiLoans = "guihuidai_loans";
    public const string RndSpending = "rnd_spending";
    public const string HighTechFirms = "high_tech_firms";
    public const string NewUrbanJobs = "new_urban_jobs";
    public const string Employment = "employment";
    public const string PovertyIncomeGrowth = "poverty_income_growth";
    public const string LivelihoodSpendingShare = "livelihood_spending_share";
    public const string GroupSchoolingCoverage = "group_schooling_coverage";

    public static IReadOnlyList<IndicatorDefinition> All { get; } =
    [
        new(Gdp, "亿元", IndicatorKind.Flow, ScopeKinds.District, "Gross domestic product of the district (地区生产总值), current prices."),
        new(IndustrialOutput, "亿元", IndicatorKind.Flow, ScopeKinds.District | ScopeKinds.Chain, "Gross industrial output (工业总产值), the report's scope (about 1/4 of Liuzhou's)."),
        new(IndustrialValueAdded, "亿元", IndicatorKind.Flow, ScopeKinds.District | ScopeKinds.Chain, "Industrial value added."),
        new(InvestmentDisbursed, "亿元", IndicatorKind.Flow, ScopeKinds.District, "Fixed-asset investment disbursed (固定资产投资): industrial investment plus investment outside industry."),
        new(IndustrialInvestment, "亿元", IndicatorKind.Flow, ScopeKinds.District, "Industrial investment (工业投资): what the named industrial projects and the pipeline projects spend."),
        new(OutsideCapitalInPlace, "亿元", IndicatorKind.Flow, ScopeKinds.District, "Out-of-region domestic capital in place (区外境内到位资金)."),
        new(ProjectsIntroduced, "count", IndicatorKind.Flow, ScopeKinds.District, "Newly introduced projects (新引进项目)."),
        new(IndustrialProjectsIntroduced, "count", IndicatorKind.Flow, ScopeKinds.District, "Newly introduced industrial projects (新引进工业项目)."),
        new(ProjectsStarted, "count", IndicatorKind.Flow, ScopeKinds.District, "Projects that started construction (开工)."),
        new(ProjectsCompleted, "count", IndicatorKind.Flow, ScopeKinds.District, "Projects completed and in production (竣工投产)."),
        new(GuihuidaiLoans, "亿元", IndicatorKind.Flow, ScopeKinds.District, "桂惠贷 loans granted to district firms."),
        new(RndSpending, "亿元", IndicatorKind.Flow, ScopeKinds.District | ScopeKinds.Chain, "R&D spending of above-designated-size firms (规上企业研发经费)."),
        new(HighTechFirms, "count", IndicatorKind.Stock, ScopeKinds.District, "High-tech enterprises held (高新技术企业保有量)."),
        new(NewUrbanJobs, "people", IndicatorKind.Flow, ScopeKinds.District, "New urban employment (城镇新增就业)."),
        new(Employment, "people", IndicatorKind.Stock, ScopeKinds.District | ScopeKinds.Chain | ScopeKinds.Town, "Industrial employment (district and chains) and jobs located in a town."),
        new(PovertyIncomeGrowth, "%", IndicatorKind.Rate, ScopeKinds.District | ScopeKinds.Town, "Growth of net income of people lifted out of poverty (脱贫人口纯收入), year on year."),
        new(LivelihoodSpendingShare, "%", IndicatorKind.Rate, ScopeKinds.District, "Livelihood spending as a share of fiscal spending (民生支出占比)."),
        new(GroupSchoolingCoverage, "%", IndicatorKind.Stock, ScopeKinds.District, "Group-run schooling coverage (集团化办学覆盖率)."),
    ];

    private static readonly Dictionary<string, IndicatorDefinition> ById = All.ToDictionary(i => i.Id, StringComparer.Ordinal);

    public static bool TryGet(string id, out IndicatorDefinition definition) => ById.TryGetValue(id, out definition!);

    public static IndicatorDefinition Get(string id) =>
        ById.TryGetValue(id, out var d) ? d : throw new KeyNotFoundException($"Unknown indicator '{id}'. Known: {string.Join(", ", All.Select(i => i.Id))}.");
}
