using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>Comparisons under common random numbers (same seed): each holds replication by replication, not just on average.</summary>
public sealed class DirectionTests
{
    private const int Replications = 200;

    [Theory]
    [InlineData(-60, -20)]
    [InlineData(-20, 0)]
    [InlineData(0, 50)]
    [InlineData(50, 200)]
    public void More_outside_capital_never_lowers_investment(double lower, double higher)
    {
        var scenario = EngineScenarios.Load("baseline-2023", Replications);
        var low = EngineScenarios.EndValues(scenario.WithLever(LeverCatalog.OutsideCapitalGrowth, lower));
        var high = EngineScenarios.EndValues(scenario.WithLever(LeverCatalog.OutsideCapitalGrowth, higher));
        var a = EngineScenarios.Series(low, SeriesLayout.InvestmentDisbursed, Replications);
        var b = EngineScenarios.Series(high, SeriesLayout.InvestmentDisbursed, Replications);
        for (var r = 0; r < Replications; r++)
        {
            Assert.True(b[r] >= a[r], $"replication {r}: investment {b[r]} with {higher}% < {a[r]} with {lower}%");
        }

        Assert.True(Aggregation.Moments.Mean(b) > Aggregation.Moments.Mean(a));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 6)]
    [InlineData(6, 24)]
    public void Delays_never_raise_completions(double fewer, double more)
    {
        var scenario = EngineScenarios.Load("baseline-2023", Replications);
        var early = EngineScenarios.EndValues(scenario.WithLever(LeverCatalog.ProjectDelayMonths, fewer));
        var late = EngineScenarios.EndValues(scenario.WithLever(LeverCatalog.ProjectDelayMonths, more));
        var a = EngineScenarios.Series(early, SeriesLayout.ProjectsCompleted, Replications);
        var b = EngineScenarios.Series(late, SeriesLayout.ProjectsCompleted, Replications);
        for (var r = 0; r < Replications; r++)
        {
            Assert.True(b[r] <= a[r], $"replication {r}: {b[r]} completions with {more} months of delay > {a[r]} with {fewer}");
        }

        Assert.True(Aggregation.Moments.Mean(b) < Aggregation.Moments.Mean(a));
    }

    [Fact]
    public void A_delay_shock_on_one_project_never_raises_completions()
    {
        var scenario = EngineScenarios.Load("baseline-2023", Replications);
        var shocked = scenario with
        {
            Shocks = [new Shock("delay", "garment_park_phase3", ShockVariable.Delay, new YearMonth(2023, 1), 12, 12)],
        };
        var a = EngineScenarios.Series(EngineScenarios.EndValues(scenario), SeriesLayout.ProjectsCompleted, Replications);
        var b = EngineScenarios.Series(EngineScenarios.EndValues(shocked), SeriesLayout.ProjectsCompleted, Replications);
        for (var r = 0; r < Replications; r++)
        {
            Assert.True(b[r] <= a[r], $"replication {r}");
        }

        Assert.True(Aggregation.Moments.Mean(b) < Aggregation.Moments.Mean(a));
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
        var auto = DistrictIds.ChainIndex("auto_parts_machinery");
        var metal = DistrictIds.ChainIndex("metal_processing_recycling");
        var garment = DistrictIds.ChainIndex("modern_garment");
        foreach (var chain in new[] { auto, metal, DistrictIds.ChainIndex("other_industry") })
        {
            var a = EngineScenarios.Series(before, SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, chain), Replications);
            var b = EngineScenarios.Series(after, SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, chain), Replications);
            for (var r = 0; r < Replications; r++)
            {
                Assert.True(b[r] > a[r], $"{DistrictIds.Chains[chain]} replication {r}: {b[r]} <= {a[r]}");
            }
        }

        // The garment chain buys nothing from auto parts or its suppliers in the default table: the shock leaves it as it was.
        var g0 = EngineScenarios.Series(before, SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, garment), Replications);
        var g1 = EngineScenarios.Series(after, SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, garment), Replications);
        for (var r = 0; r < Replications; r++)
        {
            Assert.True(Math.Abs(g1[r] - g0[r]) <= 1e-9 * g0[r], $"garment replication {r}: {g1[r]} vs {g0[r]}");
        }
    }

    [Fact]
    public void Sgmw_boost_raises_industrial_output_over_the_baseline()
    {
        var baseline = EngineScenarios.Run(EngineScenarios.Load("baseline-2023", Replications));
        var boost = EngineScenarios.Run(EngineScenarios.Load("sgmw-125-boost", Replications, baseline.Scenario.Seed));
        Assert.True(boost.End(SeriesLayout.IndustrialOutput).P50 > baseline.End(SeriesLayout.IndustrialOutput).P50);
        var auto = SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, DistrictIds.ChainIndex("auto_parts_machinery"));
        Assert.True(boost.End(auto).P50 > baseline.End(auto).P50 * 1.1);
    }
}
