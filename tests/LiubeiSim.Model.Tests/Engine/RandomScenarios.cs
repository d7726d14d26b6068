using System.Globalization;
using CsCheck;
using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// Scenarios anywhere the validator allows: any base year, 1 to 48 months, every lever at its minimum, its maximum,
/// anywhere in between or at its default, up to five shocks of any kind and size (overlapping ones included), any seed,
/// now and then synthetic firms, and now and then a user's input-output table.
/// </summary>
internal static class RandomScenarios
{
    private static readonly int[] BaseYears = [.. BaseYearDataset.Default.BaseYears.Select(b => b.Year)];
    private static readonly string[] Chains = [.. DistrictIds.Chains];
    private static readonly string[] DelayTargets = [DistrictIds.District, .. DistrictIds.Projects];

    public static Gen<(Scenario Scenario, IoTable Io)> Any(int replications) =>
        from baseYear in Gen.OneOf(BaseYears)
        from months in Gen.Int[1, 48]
        from seed in Gen.ULong
        from levers in Levers
        from shocks in Shock(new YearMonth(baseYear + 1, 1), months).Array[0, 5]
        from firms in Gen.OneOf(Gen.Const(0), Gen.Const(0), Gen.Const(0), Gen.Int[1, 12])
        from io in Table
        select (new Scenario("random", "a random scenario", baseYear, new YearMonth(baseYear + 1, 1), months, replications, seed, levers, shocks, []) { SyntheticFirms = firms }, io);

    /// <summary>Each lever left at its default, or set to its minimum, its maximum or a value in between.</summary>
    private static Gen<IReadOnlyDictionary<string, double>> Levers =>
        Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1]).Array[LeverCatalog.All.Count].Select(draws =>
        {
            var levers = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < draws.Length; i++)
            {
                var lever = LeverCatalog.All[i];
                var (how, where) = draws[i];
                if (how > 0)
                {
                    levers[lever.Name] = how switch { 1 => lever.Min, 2 => lever.Max, _ => lever.Min + (where * (lever.Max - lever.Min)) };
                }
            }

            return (IReadOnlyDictionary<string, double>)levers;
        });

    /// <summary>The default table half the time; otherwise its coefficients and value-added ratios scaled, within the reader's bounds.</summary>
    private static Gen<IoTable> Table =>
        from custom in Gen.Bool
        from coefficientScale in Gen.Double[0.2, 1.5]
        from valueAdded in Gen.Double[0.1, 0.4].Array[Chains.Length]
        select custom ? Scaled(coefficientScale, valueAdded) : IoTableReader.Default;

    private static IoTable Scaled(double coefficientScale, double[] valueAdded)
    {
        string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var io = IoTableReader.Default;
        var rows = Chains.Select((supplier, i) => supplier + "," + string.Join(',', Chains.Select((_, j) => Number(io.Coefficient(i, j) * coefficientScale))));
        var text = $"supplier,{string.Join(',', Chains)}\n{string.Join('\n', rows)}\nvalue_added,{string.Join(',', valueAdded.Select(Number))}\n";
        return IoTableReader.Read("random.csv", text);
    }

    private static Gen<Shock> Shock(YearMonth start, int horizon) =>
        from variable in Gen.OneOf(ShockVariable.Demand, ShockVariable.Delay, ShockVariable.OutsideCapital, ShockVariable.Credit)
        from chain in Gen.OneOf(Chains)
        from project in Gen.OneOf(DelayTargets)
        from offset in Gen.Int[-3, horizon - 1]
        from months in Gen.Int[1, 24]
        from percent in Gen.OneOf(Gen.Const(-100.0), Gen.Const(500.0), Gen.Double[-100, 500])
        from delay in Gen.Int[0, 36]
        select variable switch
        {
            ShockVariable.Demand => new Shock("demand", chain, variable, start.AddMonths(offset), months, percent),
            ShockVariable.Delay => new Shock("delay", project, variable, start.AddMonths(offset), months, delay),
            _ => new Shock(variable.ToString(), DistrictIds.District, variable, start.AddMonths(offset), months, percent),
        };
}
