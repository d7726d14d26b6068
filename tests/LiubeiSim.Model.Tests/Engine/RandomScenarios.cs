using CsCheck;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// Scenarios anywhere the validator allows: any base year, a start in the year after it, 1 to 36 months, every lever
/// set (anywhere in its range) or left at its default, up to four shocks of any kind, any seed.
/// </summary>
internal static class RandomScenarios
{
    private static readonly int[] BaseYears = [.. BaseYearDataset.Default.BaseYears.Select(b => b.Year)];
    private static readonly string[] Chains = [.. DistrictIds.Chains];
    private static readonly string[] DelayTargets = [DistrictIds.District, .. DistrictIds.Projects];

    public static Gen<Scenario> Any(int replications) =>
        from baseYear in Gen.OneOf(BaseYears)
        from startMonth in Gen.Int[1, 12]
        from months in Gen.Int[1, 36]
        from seed in Gen.ULong
        from levers in Levers
        from shocks in Shock(new YearMonth(baseYear + 1, startMonth), months).Array[0, 4]
        select new Scenario("random", "a random scenario", baseYear, new YearMonth(baseYear + 1, startMonth), months, replications, seed, levers, shocks, []);

    /// <summary>Each lever set with probability one half, uniformly in its range.</summary>
    private static Gen<IReadOnlyDictionary<string, double>> Levers =>
        Gen.Select(Gen.Bool, Gen.Double[0, 1]).Array[LeverCatalog.All.Count].Select(draws =>
        {
            var levers = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < draws.Length; i++)
            {
                var lever = LeverCatalog.All[i];
                if (draws[i].Item1)
                {
                    levers[lever.Name] = lever.Min + (draws[i].Item2 * (lever.Max - lever.Min));
                }
            }

            return (IReadOnlyDictionary<string, double>)levers;
        });

    private static Gen<Shock> Shock(YearMonth start, int horizon) =>
        from variable in Gen.OneOf(ShockVariable.Demand, ShockVariable.Delay, ShockVariable.OutsideCapital, ShockVariable.Credit)
        from chain in Gen.OneOf(Chains)
        from project in Gen.OneOf(DelayTargets)
        from offset in Gen.Int[-3, horizon - 1]
        from months in Gen.Int[1, 12]
        from percent in Gen.Double[-100, 200]
        from delay in Gen.Int[0, 12]
        select variable switch
        {
            ShockVariable.Demand => new Shock("demand", chain, variable, start.AddMonths(offset), months, percent),
            ShockVariable.Delay => new Shock("delay", project, variable, start.AddMonths(offset), months, delay),
            _ => new Shock(variable.ToString(), DistrictIds.District, variable, start.AddMonths(offset), months, percent),
        };
}
