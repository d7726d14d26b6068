using LiubeiSim.Model.District;
using LiubeiSim.Model.Indicators;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// The fixed list of output series: indicators in catalog order, each for the district, then its chains, then its
/// towns. Every engine writes the same series at the same index, which is what makes outputs byte-comparable.
/// </summary>
public static class SeriesLayout
{
    public static IReadOnlyList<SeriesKey> All { get; } = Build();

    public static int Count => All.Count;

    public static int Gdp { get; } = IndexOf(IndicatorCatalog.Gdp);
    public static int IndustrialOutput { get; } = IndexOf(IndicatorCatalog.IndustrialOutput);
    public static int IndustrialValueAdded { get; } = IndexOf(IndicatorCatalog.IndustrialValueAdded);
    public static int InvestmentDisbursed { get; } = IndexOf(IndicatorCatalog.InvestmentDisbursed);
    public static int IndustrialInvestment { get; } = IndexOf(IndicatorCatalog.IndustrialInvestment);
    public static int OutsideCapital { get; } = IndexOf(IndicatorCatalog.OutsideCapitalInPlace);
    public static int ProjectsIntroduced { get; } = IndexOf(IndicatorCatalog.ProjectsIntroduced);
    public static int IndustrialProjectsIntroduced { get; } = IndexOf(IndicatorCatalog.IndustrialProjectsIntroduced);
    public static int ProjectsStarted { get; } = IndexOf(IndicatorCatalog.ProjectsStarted);
    public static int ProjectsCompleted { get; } = IndexOf(IndicatorCatalog.ProjectsCompleted);
    public static int Loans { get; } = IndexOf(IndicatorCatalog.GuihuidaiLoans);
    public static int Rnd { get; } = IndexOf(IndicatorCatalog.RndSpending);
    public static int HighTech { get; } = IndexOf(IndicatorCatalog.HighTechFirms);
    public static int NewUrbanJobs { get; } = IndexOf(IndicatorCatalog.NewUrbanJobs);
    public static int Employment { get; } = IndexOf(IndicatorCatalog.Employment);
    public static int PovertyIncome { get; } = IndexOf(IndicatorCatalog.PovertyIncomeGrowth);
    public static int Livelihood { get; } = IndexOf(IndicatorCatalog.LivelihoodSpendingShare);
    public static int Schooling { get; } = IndexOf(IndicatorCatalog.GroupSchoolingCoverage);

    /// <summary>Index of an indicator's district series; its chain series follow at +1+chain, then its towns.</summary>
    public static int IndexOf(string indicator, string scope = SeriesKey.DistrictScope)
    {
        // Scenario files may name the district by its entity id.
        scope = string.Equals(scope, DistrictIds.District, StringComparison.Ordinal) ? SeriesKey.DistrictScope : scope;
        foreach (var key in All)
        {
            if (string.Equals(key.Indicator.Id, indicator, StringComparison.Ordinal) && string.Equals(key.Scope, scope, StringComparison.Ordinal))
            {
                return key.Index;
            }
        }

        return -1;
    }

    /// <summary>Index of the chain-scope series of an indicator.</summary>
    public static int ChainSeries(int districtSeries, int chain) => districtSeries + 1 + chain;

    /// <summary>Index of the town-scope series of an indicator (towns follow the chains when the indicator has them).</summary>
    public static int TownSeries(int districtSeries, int town)
    {
        var hasChains = All[districtSeries].Indicator.Scopes.HasFlag(ScopeKinds.Chain);
        return districtSeries + 1 + (hasChains ? DistrictIds.Chains.Count : 0) + town;
    }

    private static List<SeriesKey> Build()
    {
        var list = new List<SeriesKey>();
        foreach (var indicator in IndicatorCatalog.All)
        {
            var reducer = indicator.Kind switch
            {
                IndicatorKind.Flow => SeriesReducer.Sum,
                IndicatorKind.Stock => SeriesReducer.Last,
                _ when indicator.Id == IndicatorCatalog.PovertyIncomeGrowth => SeriesReducer.GrowthOverBase,
                _ => SeriesReducer.Mean,
            };
            list.Add(new SeriesKey(list.Count, indicator, SeriesKey.DistrictScope, reducer));
            if (indicator.Scopes.HasFlag(ScopeKinds.Chain))
            {
                list.AddRange(DistrictIds.Chains.Select((c, i) => new SeriesKey(list.Count + i, indicator, c, reducer)).ToList());
            }

            if (indicator.Scopes.HasFlag(ScopeKinds.Town))
            {
                list.AddRange(DistrictIds.Towns.Select((t, i) => new SeriesKey(list.Count + i, indicator, t, reducer)).ToList());
            }
        }

        return list;
    }
}
