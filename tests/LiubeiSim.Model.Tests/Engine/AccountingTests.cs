using CsCheck;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// The accounts add up in every replication and month of any scenario the validator allows: employment by chain and
/// by town, value added by each chain's own ratio, GDP, investment by its parts, and the base year's totals.
/// </summary>
public sealed class AccountingTests
{
    private const int Replications = 6;
    private const long Iterations = 40;

    [Fact]
    public void Employment_is_the_sum_of_chains_and_the_sum_of_towns_in_every_month() =>
        RandomScenarios.Any(Replications).Sample(c => EveryCell(c.Scenario, c.Io, (values, r) =>
        {
            var district = values[Cell(SeriesLayout.Employment, r)];
            var chains = DistrictIds.Chains.Select((_, c) => values[Cell(SeriesLayout.ChainSeries(SeriesLayout.Employment, c), r)]).Sum();
            var towns = DistrictIds.Towns.Select((_, t) => values[Cell(SeriesLayout.TownSeries(SeriesLayout.Employment, t), r)]).Sum();
            return Close(district, chains) && Close(district, towns);
        }), iter: Iterations);

    [Fact]
    public void Value_added_is_each_chains_output_times_its_own_ratio_and_adds_up() =>
        RandomScenarios.Any(Replications).Sample(c => EveryCell(c.Scenario, c.Io, (values, r) =>
        {
            var district = values[Cell(SeriesLayout.IndustrialValueAdded, r)];
            var sum = 0.0;
            var output = 0.0;
            for (var chain = 0; chain < DistrictIds.Chains.Count; chain++)
            {
                var x = values[Cell(SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, chain), r)];
                var va = values[Cell(SeriesLayout.ChainSeries(SeriesLayout.IndustrialValueAdded, chain), r)];
                if (!Close(va, x * c.Io.ValueAdded(chain)))
                {
                    return false;
                }

                sum += va;
                output += x;
            }

            return Close(district, sum) && Close(values[Cell(SeriesLayout.IndustrialOutput, r)], output);
        }), iter: Iterations);

    [Fact]
    public void Gdp_is_value_added_plus_the_rest_and_investment_holds_industrial_investment_and_rnd_adds_up() =>
        RandomScenarios.Any(Replications).Sample(c => EveryCell(c.Scenario, c.Io, (values, r) =>
        {
            var rest = values[Cell(SeriesLayout.Gdp, r)] - values[Cell(SeriesLayout.IndustrialValueAdded, r)];
            var nonIndustrialInvestment = values[Cell(SeriesLayout.InvestmentDisbursed, r)] - values[Cell(SeriesLayout.IndustrialInvestment, r)];
            var rnd = DistrictIds.Chains.Select((_, c) => values[Cell(SeriesLayout.ChainSeries(SeriesLayout.Rnd, c), r)]).Sum();
            return rest > 0 && nonIndustrialInvestment > 0 && Close(values[Cell(SeriesLayout.Rnd, r)], rnd);
        }), iter: Iterations);

    [Fact]
    public void Nothing_that_cannot_be_negative_ever_is() =>
        RandomScenarios.Any(Replications).Sample(c => EveryCell(c.Scenario, c.Io, (values, r) =>
            SeriesLayout.All.Where(k => k.Reducer != SeriesReducer.GrowthOverBase).All(k => double.IsFinite(values[Cell(k.Index, r)]) && values[Cell(k.Index, r)] >= 0)), iter: Iterations);

    [Fact]
    public void A_users_table_changes_value_added_through_its_value_added_row()
    {
        var scenario = EngineScenarios.Load("sgmw-125-boost", replications: 20);
        var chains = DistrictIds.Chains;
        var text = "supplier," + string.Join(',', chains) + "\n"
            + string.Join('\n', chains.Select((s, i) => s + "," + string.Join(',', chains.Select((_, j) => IoTableReader.Default.Coefficient(i, j).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))))
            + "\nvalue_added," + string.Join(',', chains.Select(c => c == "auto_parts_machinery" ? "0.40" : "0.20")) + "\n";
        var mine = IoTableReader.Read("mine.csv", text);

        var standard = EngineScenarios.Run(scenario);
        var custom = InProcessEngine.Run(scenario, mine, cancellationToken: TestContext.Current.CancellationToken);

        // Same coefficients, so the same output; value added follows the table's own ratios, chain by chain.
        Assert.Equal(standard.End(SeriesLayout.IndustrialOutput).Mean, custom.End(SeriesLayout.IndustrialOutput).Mean, 9);
        var auto = DistrictIds.ChainIndex("auto_parts_machinery");
        var autoOutput = custom.End(SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, auto)).Mean;
        Assert.Equal(0.40 * autoOutput, custom.End(SeriesLayout.ChainSeries(SeriesLayout.IndustrialValueAdded, auto)).Mean, 6);
        Assert.NotEqual(standard.End(SeriesLayout.IndustrialValueAdded).Mean, custom.End(SeriesLayout.IndustrialValueAdded).Mean, 3);
    }

    [Theory]
    [InlineData(2022)]
    [InlineData(2021)]
    public void The_base_years_investment_is_named_plus_pipeline_plus_other(int baseYear)
    {
        var data = BaseYearDataset.Default;
        var scenario = EngineScenarios.Load(baseYear == 2022 ? "baseline-2023" : "backtest-2022", replications: 1);
        var c = ModelParameters.Build(data, scenario).Calibration;

        // The named projects' base-year spending, worked out here from their figures alone: each spends its investment
        // along a smoothstep of progress from its start month to its completion month.
        double Smoothstep(double u) => u * u * (3 - (2 * u));
        int Month(string text) => (int.Parse(text[..4], System.Globalization.CultureInfo.InvariantCulture) * 12) + int.Parse(text[5..], System.Globalization.CultureInfo.InvariantCulture) - 1;
        var (namedIndustrial, namedOther) = (0.0, 0.0);
        foreach (var id in DistrictIds.Projects.Where(id => data.TryGetFigure($"project.{id}.investment", out _)))
        {
            var (start, complete) = (Month(data.Text($"project.{id}.start_month")), Month(data.Text($"project.{id}.complete_month")));
            double Progress(int month) => Math.Clamp((double)(month - start) / (complete - start), 0, 1);
            var spent = data.Number($"project.{id}.investment") * (Smoothstep(Progress(12 * (baseYear + 1))) - Smoothstep(Progress(12 * baseYear)));
            if (data.GetEntity(id).Role == "industry")
            {
                namedIndustrial += spent;
            }
            else
            {
                namedOther += spent;
            }
        }

        Assert.Equal(namedIndustrial, c.NamedIndustrial, 9);
        Assert.Equal(namedOther, c.NamedOther, 9);
        Assert.Equal(data.Number($"base.{baseYear}.fixed_asset_investment"), c.NamedIndustrial + c.PipelineInvestment + c.NamedOther + c.OtherInvestment, 9);
        Assert.Equal(data.Number($"base.{baseYear}.industrial_investment"), c.NamedIndustrial + c.PipelineInvestment, 9);
        Assert.All(new[] { c.NamedIndustrial, c.NamedOther, c.PipelineInvestment, c.OtherInvestment }, part => Assert.True(part >= 0));

        // With a build of exactly twelve months, a cohort started in month s of a year spends 1 - F((12 - s) / 12) of its
        // investment in the following year (F the smoothstep), so the base year holds 5.5/12 of the year before's starts
        // and 6.5/12 of its own: worked out by hand here, not by the calibration's loop.
        Assert.Equal(12, data.Number("model.construction_months"));
        var before = data.Number($"base.{baseYear}.pipeline_starts_before");
        var during = data.Number($"base.{baseYear}.pipeline_starts");
        Assert.Equal((before * 5.5 / 12) + (during * 6.5 / 12), c.PipelineProjectsBuilding, 9);
    }

    [Fact]
    public void The_base_years_new_urban_jobs_are_replacement_plus_net_creation_plus_hiring_outside_industry()
    {
        var data = BaseYearDataset.Default;
        var p = ModelParameters.Build(data, EngineScenarios.Load("baseline-2023", replications: 1));
        var employment = DistrictIds.Chains.Sum(id => data.Number("base.2022.industrial_output") * data.Number($"chain.{id}.output_share") * data.Number($"chain.{id}.jobs_per_output"));

        Assert.Equal(data.Number("model.replacement_hiring_rate") * employment, p.Calibration.ReplacementHires, 6);
        Assert.Equal(data.Number("D17"), p.Calibration.ReplacementHires + data.Number("model.base_year_net_industrial_job_creation") + p.Calibration.ServicesHires, 6);
    }

    [Fact]
    public void A_no_change_year_keeps_investment_within_2_percent_of_the_base()
    {
        var result = EngineScenarios.Run(NoChange(2000));
        var investment = result.End(SeriesLayout.InvestmentDisbursed).Mean;
        Assert.InRange(investment, 126.33 * 0.98, 126.33 * 1.02);

        // Industrial investment may drift a little: 2022's surge of starts (16 against 8 the year before) keeps spending
        // in 2023 while the named industrial projects wind down; the stock-flow, not a double count.
        Assert.InRange(result.End(SeriesLayout.IndustrialInvestment).Mean, 40, 40 * 1.05);
    }

    /// <summary>
    /// In 2022 the district started 16 projects and completed 10 (the pipeline was filling: industrial investment +64%).
    /// With builds of about a year, a year in which nothing changes completes what the base year started that is due,
    /// about 17, not the base year's 10; the model must neither lose those projects nor count them twice.
    /// </summary>
    [Fact]
    public void A_no_change_year_completes_the_base_years_starts_that_fall_due()
    {
        var data = BaseYearDataset.Default;
        var namedDue = DistrictIds.Projects.Count(id =>
            data.GetEntity(id).Role == "industry"
            && data.TryGetFigure($"project.{id}.complete_month", out var complete)
            && complete.Text!.StartsWith("2023-", StringComparison.Ordinal));
        var expected = data.Number("base.2022.pipeline_starts") + namedDue;

        var completed = EngineScenarios.Run(NoChange(2000)).End(SeriesLayout.ProjectsCompleted).Mean;

        Assert.Equal(3, namedDue);
        Assert.InRange(completed, expected - 1, expected + 1);
    }

    [Fact]
    public void Growth_is_phased_in_month_by_month_with_no_step_at_new_year()
    {
        var scenario = EngineScenarios.Load("baseline-2023", replications: 1) with { Months = 24 };
        var control = ModelParameters.BuildControl(BaseYearDataset.Default, scenario);
        var simulation = new ShardSimulation(control, new Aggregation.ReplicationBlock(0, 1));
        var rest = new double[24];
        var output = new double[24];
        for (var m = 0; m < 24; m++)
        {
            simulation.StepMonth();
            rest[m] = simulation.LastRaw[SeriesLayout.Gdp] - simulation.LastRaw[SeriesLayout.IndustrialValueAdded];
            output[m] = simulation.LastRaw[SeriesLayout.IndustrialOutput];
        }

        // GDP outside industry is its base-year level on the lever's phased trend, growing one twelfth of a year's growth
        // every month, December to January too.
        var data = BaseYearDataset.Default;
        Assert.Equal(data.Number("base.2022.non_industrial_gdp") / 12 * Math.Pow(1 + (data.Number("base.2022.lever.services_growth") / 100), (12 - 5.5) / 12), rest[0], 9);
        var monthly = Math.Pow(1 + (BaseYearDataset.Default.Number("base.2022.lever.services_growth") / 100), 1.0 / 12);
        for (var m = 1; m < 24; m++)
        {
            Assert.Equal(monthly, rest[m] / rest[m - 1], 12);
        }

        // Industrial output has no new-year step either: January over December is like December over November.
        Assert.InRange(output[12] / output[11], 0.995, 1.01);
        Assert.InRange(output[12] / output[11] / (output[11] / output[10]), 0.995, 1.005);
    }

    private static Scenario NoChange(int replications)
    {
        var growth = LeverCatalog.All.Where(l => l.Name.EndsWith("_growth", StringComparison.Ordinal)).ToDictionary(l => l.Name, _ => 0.0);
        return EngineScenarios.Load("baseline-2023", replications) with { Levers = growth };
    }

    /// <summary>Steps the scenario and checks a property of every replication's raw values in every month.</summary>
    private static bool EveryCell(Scenario scenario, IoTable io, Func<double[], int, bool> holds)
    {
        foreach (var month in EngineScenarios.RawMonths(scenario, io))
        {
            for (var r = 0; r < scenario.Replications; r++)
            {
                if (!holds(month, r))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int Cell(int series, int replication) => (series * Replications) + replication;

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
