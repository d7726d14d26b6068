using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// Control and alternative, as REMI does it: the control forecast is every lever at its default with no shock and no
/// noise; a scenario's levers and shocks are the alternative, and jobs, incomes and R&amp;D respond to the difference.
/// </summary>
public sealed class ControlTests
{
    private const int Replications = 100;

    public static TheoryData<string> ChainLevers => [.. DistrictIds.Chains.Select(id => BaseYearDataset.Default.Text($"chain.{id}.lever")).Distinct()];

    /// <summary>
    /// A chain's demand lever is a growth rate phased in month by month; the same alternative written as demand shocks
    /// (one per month, each the ratio of the lever's trend to the default's that month) gives the same numbers.
    /// </summary>
    [Theory]
    [MemberData(nameof(ChainLevers))]
    public void A_demand_lever_gives_the_same_answer_as_the_demand_shocks_it_amounts_to(string name)
    {
        var lever = LeverCatalog.Get(name);
        var scenario = EngineScenarios.Load("baseline-2023", Replications) with { Months = 18 };
        var standard = BaseYearDataset.Default.Number(lever.DefaultFigureId(scenario.BaseYear));
        var value = Math.Min(lever.Max, standard + 20);
        var time = new HorizonTime(scenario.BaseYear, scenario.Start.Index, scenario.Months);
        var chains = DistrictIds.Chains.Where(id => BaseYearDataset.Default.Text($"chain.{id}.lever") == name).ToList();
        var shocks = Enumerable.Range(0, scenario.Months).SelectMany(m => chains.Select(chain =>
        {
            var t = time.MonthIndex(m);
            var ratio = time.Growth(value, t) / time.Growth(standard, t);
            return new Shock($"{name} month {m}", chain, ShockVariable.Demand, YearMonth.FromIndex(t), 1, (ratio - 1) * 100);
        })).ToList();

        var byLever = EngineScenarios.RawMonths(scenario.WithLever(name, value));
        var byShocks = EngineScenarios.RawMonths(scenario with { Shocks = shocks });

        for (var m = 0; m < scenario.Months; m++)
        {
            for (var cell = 0; cell < byLever[m].Length; cell++)
            {
                var (a, b) = (byLever[m][cell], byShocks[m][cell]);
                Assert.True(Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a)), $"month {m}, {SeriesLayout.All[cell / Replications].Indicator.Id}/{SeriesLayout.All[cell / Replications].Scope}: lever {a}, shocks {b}");
            }
        }
    }

    /// <summary>
    /// The planner's version of the same question: "+X% demand for the year" as one flat shock, against the lever that
    /// gives the year the same total demand. The year's output and jobs agree to well within their Monte Carlo spread
    /// (the flat shock arrives in January, the lever builds up, so December employment differs a little).
    /// </summary>
    [Fact]
    public void A_flat_shock_and_the_lever_with_the_same_annual_demand_agree_within_the_spread()
    {
        const string name = LeverCatalog.SgmwDemandGrowth;
        var scenario = EngineScenarios.Load("baseline-2023", 1000);
        var standard = BaseYearDataset.Default.Number(LeverCatalog.Get(name).DefaultFigureId(2022));
        var time = new HorizonTime(2022, scenario.Start.Index, 12);
        var value = standard + 20;
        var annualRatio = Enumerable.Range(0, 12).Sum(m => time.Growth(value, time.MonthIndex(m))) / Enumerable.Range(0, 12).Sum(m => time.Growth(standard, time.MonthIndex(m)));
        var flat = scenario with { Shocks = [new Shock("SGMW for the year", "auto_parts_machinery", ShockVariable.Demand, scenario.Start, 12, (annualRatio - 1) * 100)] };

        var lever = EngineScenarios.Run(scenario.WithLever(name, value));
        var shock = EngineScenarios.Run(flat);
        foreach (var series in new[] { SeriesLayout.IndustrialOutput, SeriesLayout.Gdp, SeriesLayout.Employment, SeriesLayout.NewUrbanJobs })
        {
            var (a, b) = (lever.End(series), shock.End(series));
            Assert.True(Math.Abs(a.P50 - b.P50) < 0.25 * (a.P90 - a.P10), $"{SeriesLayout.All[series].Indicator.Id}: lever P50 {a.P50}, flat shock P50 {b.P50}, spread {a.P90 - a.P10}");
        }
    }

    /// <summary>The issue that started this: more SGMW demand lifted output and employment yet lowered new urban jobs.</summary>
    [Fact]
    public void More_sgmw_demand_raises_output_employment_and_new_urban_jobs_together()
    {
        var scenario = EngineScenarios.Load("baseline-2023", 1000);
        var low = EngineScenarios.Run(scenario.WithLever(LeverCatalog.SgmwDemandGrowth, -20));
        var high = EngineScenarios.Run(scenario.WithLever(LeverCatalog.SgmwDemandGrowth, 60));
        foreach (var series in new[] { SeriesLayout.IndustrialOutput, SeriesLayout.Employment, SeriesLayout.NewUrbanJobs, SeriesLayout.Gdp })
        {
            Assert.True(high.End(series).P50 > low.End(series).P50, SeriesLayout.All[series].Indicator.Id);
        }
    }

    [Fact]
    public void The_control_is_the_scenario_with_default_levers_no_shocks_no_firms_and_no_noise()
    {
        var scenario = EngineScenarios.Load("sgmw-125-boost", 50).WithSyntheticFirms(20);
        var control = ModelParameters.BuildControl(BaseYearDataset.Default, scenario);

        Assert.False(control.Noise.On);
        Assert.Empty(control.Scenario.Levers);
        Assert.Empty(control.Scenario.Shocks);
        Assert.Equal(0, control.Firms.Count);
        Assert.True(control.Control.IsComplete);
        foreach (var lever in LeverCatalog.All)
        {
            Assert.Equal(BaseYearDataset.Default.Number(lever.DefaultFigureId(2022)), control.Levers[lever.Name]);
        }

        // The alternative reads the same control path, whatever its own levers and shocks.
        var alternative = ModelParameters.Build(BaseYearDataset.Default, scenario);
        for (var m = 0; m < scenario.Months; m++)
        {
            Assert.Equal(control.Control.Rnd(m), alternative.Control.Rnd(m));
            Assert.Equal(control.Control.TownEmployment(m, 0), alternative.Control.TownEmployment(m, 0));
        }
    }

    /// <summary>Noise is mean-one and the counts are Poisson around their rates, so at default levers the mean path is the control's.</summary>
    [Fact]
    public void At_default_levers_the_mean_path_is_close_to_the_control_forecast()
    {
        var scenario = EngineScenarios.Load("baseline-2023", 2000);
        var control = ModelParameters.BuildControl(BaseYearDataset.Default, scenario);
        var simulation = new ShardSimulation(control, new ReplicationBlock(0, 1));
        var expected = Array.Empty<double>();
        for (var m = 0; m < scenario.Months; m++)
        {
            expected = simulation.StepMonth().ToArray();
        }

        var result = EngineScenarios.Run(scenario);
        foreach (var series in new[] { SeriesLayout.IndustrialOutput, SeriesLayout.Gdp, SeriesLayout.Employment, SeriesLayout.NewUrbanJobs, SeriesLayout.Rnd, SeriesLayout.IndustrialInvestment })
        {
            Assert.InRange(result.End(series).Mean / expected[series], 0.98, 1.02);
        }

        // In the control itself every deviation from the control is zero: poverty-exit income grows exactly as expected.
        var poverty = BaseYearDataset.Default;
        var share = poverty.Number("model.poverty_wage_share");
        var growth = Enumerable.Range(0, 12).Sum(m => (share * control.Time.Growth(poverty.Number("base.2022.poverty_wage_growth"), control.Time.MonthIndex(m)))
            + ((1 - share) * control.Time.Growth(poverty.Number("base.2022.poverty_other_income_growth"), control.Time.MonthIndex(m)))) / 12;
        Assert.Equal((growth - 1) * 100, expected[SeriesLayout.PovertyIncome], 9);
    }
}
