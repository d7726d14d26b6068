using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// Metamorphic tests under common random numbers (same scenario and seed, one lever moved): every lever at its
/// minimum, default and maximum moves what it should the way it should, in mean and median, and where the model's
/// coupling allows it, replication by replication.
/// </summary>
public sealed class ResponseTests
{
    private const int Replications = 200;

    private static readonly string[] ChainLevers =
        [.. DistrictIds.Chains.Select(id => BaseYearDataset.Default.Text($"chain.{id}.lever")).Distinct()];

    /// <summary>What each lever must never lower when it rises (and, for delays, never raise).</summary>
    private static readonly Dictionary<string, Expectation> Expectations = new(StringComparer.Ordinal)
    {
        [LeverCatalog.NevTransitionShare] = Expectation.FinalDemand with { Rising = [.. Expectation.FinalDemand.Rising, IndicatorCatalog.RndSpending] },
        [LeverCatalog.ServicesGrowth] = new([IndicatorCatalog.Gdp, IndicatorCatalog.NewUrbanJobs, IndicatorCatalog.InvestmentDisbursed, IndicatorCatalog.IndustrialOutput, IndicatorCatalog.Employment], [], []),
        [LeverCatalog.OutsideCapitalGrowth] = new([IndicatorCatalog.InvestmentDisbursed, IndicatorCatalog.IndustrialInvestment, IndicatorCatalog.OutsideCapitalInPlace, IndicatorCatalog.ProjectsIntroduced, IndicatorCatalog.IndustrialOutput], [], []),
        [LeverCatalog.GuihuidaiVolume] = new([IndicatorCatalog.InvestmentDisbursed, IndicatorCatalog.IndustrialInvestment, IndicatorCatalog.GuihuidaiLoans, IndicatorCatalog.ProjectsIntroduced], [], []),
        [LeverCatalog.ProjectDelayMonths] = new([], [IndicatorCatalog.ProjectsCompleted, IndicatorCatalog.Employment, IndicatorCatalog.InvestmentDisbursed, IndicatorCatalog.IndustrialInvestment, IndicatorCatalog.NewUrbanJobs, IndicatorCatalog.IndustrialOutput], []),
        [LeverCatalog.NewProjectsPerYear] = new([IndicatorCatalog.ProjectsIntroduced, IndicatorCatalog.IndustrialProjectsIntroduced, IndicatorCatalog.ProjectsStarted, IndicatorCatalog.InvestmentDisbursed, IndicatorCatalog.IndustrialOutput], [], []),
        [LeverCatalog.RndProgrammeGrowth] = new([IndicatorCatalog.RndSpending, IndicatorCatalog.HighTechFirms], [], [IndicatorCatalog.IndustrialOutput]),
        [LeverCatalog.LivelihoodShare] = new([IndicatorCatalog.LivelihoodSpendingShare], [], []),
    };

    public static TheoryData<string> Levers => [.. LeverCatalog.All.Select(l => l.Name)];

    [Fact]
    public void Every_lever_has_expectations_to_test()
    {
        Assert.All(LeverCatalog.All, lever => Assert.True(ChainLevers.Contains(lever.Name) || Expectations.ContainsKey(lever.Name), $"{lever.Name} has no expected response here"));
    }

    [Theory]
    [MemberData(nameof(Levers))]
    public void Each_lever_at_its_minimum_default_and_maximum_moves_what_it_should(string name)
    {
        var lever = LeverCatalog.Get(name);
        var expectation = ChainLevers.Contains(name) ? Expectation.FinalDemand : Expectations[name];
        var scenario = EngineScenarios.Load("baseline-2023", Replications);
        var values = new[] { lever.Min, BaseYearDataset.Default.Number(lever.DefaultFigureId(2022)), lever.Max };
        var ends = values.Select(v => EngineScenarios.EndValues(scenario.WithLever(name, v))).ToArray();
        for (var step = 1; step < ends.Length; step++)
        {
            foreach (var key in SeriesLayout.All)
            {
                var (lower, higher) = (ends[step - 1], ends[step]);
                var what = $"{name} {values[step - 1]} -> {values[step]}: {key.Indicator.Id}/{key.Scope}";
                if (expectation.Rising.Contains(key.Indicator.Id))
                {
                    NeverLower(lower, higher, key.Index, what);
                }
                else if (expectation.Falling.Contains(key.Indicator.Id))
                {
                    NeverLower(higher, lower, key.Index, what + " (must not rise)");
                }
                else if (expectation.Unchanged.Contains(key.Indicator.Id))
                {
                    Assert.Equal(Series(lower, key.Index).ToArray(), Series(higher, key.Index).ToArray());
                }
            }
        }

        // Every indicator the lever is meant to move moves, strictly, from its minimum to its maximum (in the district).
        foreach (var id in expectation.Rising.Concat(expectation.Falling))
        {
            var series = SeriesLayout.IndexOf(id);
            var (low, high) = (Mean(Series(ends[0], series)), Mean(Series(ends[2], series)));
            Assert.True(expectation.Rising.Contains(id) ? high > low : high < low, $"{name} {lever.Min} -> {lever.Max} leaves {id} at {low} -> {high}");
        }
    }

    /// <summary>A fall in demand that passes never raises hiring: the jobs it sheds are recalled, and a recall is not a new job.</summary>
    [Theory]
    [InlineData(-60)]
    [InlineData(-100)]
    public void A_temporary_fall_in_demand_never_raises_new_urban_jobs(double change)
    {
        var scenario = EngineScenarios.Load("baseline-2023", Replications);
        var shocked = scenario with { Shocks = [new Shock("slump", "other_industry", ShockVariable.Demand, new YearMonth(2023, 2), 2, change)] };
        NeverLower(EngineScenarios.EndValues(shocked), EngineScenarios.EndValues(scenario), SeriesLayout.NewUrbanJobs, $"demand {change}% for two months");
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 24)]
    public void Delays_never_raise_completions_jobs_or_investment_before_the_horizons_end_in_any_replication(double fewer, double more)
    {
        var scenario = EngineScenarios.Load("baseline-2023", Replications) with { Months = 30 };
        var early = EngineScenarios.RawMonths(scenario.WithLever(LeverCatalog.ProjectDelayMonths, fewer));
        var late = EngineScenarios.RawMonths(scenario.WithLever(LeverCatalog.ProjectDelayMonths, more));
        foreach (var series in new[] { SeriesLayout.ProjectsCompleted, SeriesLayout.InvestmentDisbursed, SeriesLayout.IndustrialInvestment })
        {
            var a = EngineScenarios.Cumulative(early, series, Replications);
            var b = EngineScenarios.Cumulative(late, series, Replications);
            for (var r = 0; r < Replications; r++)
            {
                Assert.True(b[r] <= a[r] + (1e-9 * Math.Abs(a[r])), $"{SeriesLayout.All[series].Indicator.Id} replication {r}: {b[r]} with {more} months of delay > {a[r]} with {fewer}");
            }
        }

        for (var m = 0; m < scenario.Months; m++)
        {
            for (var r = 0; r < Replications; r++)
            {
                var cell = (SeriesLayout.Employment * Replications) + r;
                Assert.True(late[m][cell] <= early[m][cell] + 1e-9, $"employment month {m} replication {r}");
            }
        }
    }

    [Fact]
    public void A_delay_shock_on_one_project_never_raises_completions_or_investment()
    {
        var scenario = EngineScenarios.Load("baseline-2023", Replications);
        var shocked = scenario with
        {
            Shocks = [new Shock("delay", "garment_park_phase3", ShockVariable.Delay, new YearMonth(2023, 1), 12, 12)],
        };
        var before = EngineScenarios.RawMonths(scenario);
        var after = EngineScenarios.RawMonths(shocked);
        foreach (var series in new[] { SeriesLayout.ProjectsCompleted, SeriesLayout.InvestmentDisbursed })
        {
            var a = EngineScenarios.Cumulative(before, series, Replications);
            var b = EngineScenarios.Cumulative(after, series, Replications);
            Assert.All(Enumerable.Range(0, Replications), r => Assert.True(b[r] <= a[r] + 1e-9, $"replication {r}"));
            Assert.True(b.Sum() < a.Sum());
        }
    }

    [Fact]
    public void The_investment_slump_lowers_investment_and_outside_capital()
    {
        var baseline = EngineScenarios.EndValues(EngineScenarios.Load("baseline-2023", Replications));
        var slump = EngineScenarios.EndValues(EngineScenarios.Load("investment-slump", Replications));
        foreach (var series in new[] { SeriesLayout.InvestmentDisbursed, SeriesLayout.OutsideCapital, SeriesLayout.IndustrialInvestment })
        {
            NeverLower(slump, baseline, series, SeriesLayout.All[series].Indicator.Id);
            Assert.True(Mean(Series(slump, series)) < Mean(Series(baseline, series)));
        }

        // The same outside-capital draws, scaled down: lower in every replication.
        var a = Series(baseline, SeriesLayout.OutsideCapital);
        var b = Series(slump, SeriesLayout.OutsideCapital);
        for (var r = 0; r < Replications; r++)
        {
            Assert.True(b[r] < a[r], $"replication {r}");
        }
    }

    [Fact]
    public void A_demand_shock_to_auto_parts_raises_its_suppliers_through_the_input_output_table()
    {
        var scenario = EngineScenarios.Load("baseline-2023", Replications);
        var shocked = scenario with
        {
            Shocks = [new Shock("SGMW orders", "auto_parts_machinery", ShockVariable.Demand, new YearMonth(2023, 1), 12, 20)],
        };
        var before = EngineScenarios.EndValues(scenario);
        var after = EngineScenarios.EndValues(shocked);
        foreach (var chain in new[] { "auto_parts_machinery", "metal_processing_recycling", "other_industry" })
        {
            var a = Series(before, SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, DistrictIds.ChainIndex(chain)));
            var b = Series(after, SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, DistrictIds.ChainIndex(chain)));
            for (var r = 0; r < Replications; r++)
            {
                Assert.True(b[r] > a[r], $"{chain} replication {r}: {b[r]} <= {a[r]}");
            }
        }

        // The garment chain buys nothing from auto parts or its suppliers in the default table: the shock leaves it as it was.
        var garment = SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, DistrictIds.ChainIndex("modern_garment"));
        Assert.Equal(Series(before, garment).ToArray(), Series(after, garment).ToArray());
    }

    private static ReadOnlySpan<double> Series(double[] values, int series) => EngineScenarios.Series(values, series, Replications);

    private static double Mean(ReadOnlySpan<double> values) => Aggregation.Moments.Mean(values);

    private static double Median(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The mean and the median of <paramref name="higher"/> are not below those of <paramref name="lower"/>.</summary>
    private static void NeverLower(double[] lower, double[] higher, int series, string what)
    {
        var a = Series(lower, series);
        var b = Series(higher, series);
        var slack = 1e-9 * Math.Max(1, Math.Abs(Mean(a)));
        Assert.True(Mean(b) >= Mean(a) - slack, $"{what}: mean {Mean(b)} < {Mean(a)}");
        Assert.True(Median(b) >= Median(a) - slack, $"{what}: median {Median(b)} < {Median(a)}");
    }

    /// <summary>Indicators a lever must not lower as it rises, must not raise, and must leave exactly as they were.</summary>
    private sealed record Expectation(string[] Rising, string[] Falling, string[] Unchanged)
    {
        /// <summary>More final demand: more output, value added, GDP, jobs and hiring, in the district and in every chain and town.</summary>
        public static Expectation FinalDemand { get; } = new(
            [IndicatorCatalog.IndustrialOutput, IndicatorCatalog.IndustrialValueAdded, IndicatorCatalog.Gdp, IndicatorCatalog.Employment, IndicatorCatalog.NewUrbanJobs],
            [],
            []);
    }
}
