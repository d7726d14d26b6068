using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Randomness;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Parameters;

public sealed partial class ModelParameters
{
    /// <summary>The pipeline of the non-industrial projects introduced (the others are one per chain, <c>pipeline/&lt;chain&gt;</c>).</summary>
    public const string NonIndustrialPipelineId = "pipeline/services";

    /// <summary>
    /// The run's parameters. First the control forecast: the scenario with every lever at its default, no shock and no
    /// synthetic firms, stepped once with noise off by the same step functions; then the scenario itself, whose
    /// jobs-driven incomes and R&amp;D-driven certifications are measured against that control.
    /// </summary>
    /// <exception cref="ArgumentException">The scenario asks for something the dataset does not have (a base year, a lever).</exception>
    /// <exception cref="InvalidOperationException">The data or the input-output table cannot give a consistent base year.</exception>
    public static ModelParameters Build(BaseYearDataset data, Scenario scenario, IoTable? io = null)
    {
        io ??= IoTableReader.Default;
        data = WithScenarioOverrides(data, scenario);
        return Assemble(data, scenario, io, Noise.Enabled, RecordControl(data, scenario, io).Control);
    }

    /// <summary>
    /// The control forecast's own parameters (noise off, one replication), its path already recorded: stepping them
    /// again with a <see cref="ShardSimulation"/> gives the control's expected values month by month.
    /// </summary>
    public static ModelParameters BuildControl(BaseYearDataset data, Scenario scenario, IoTable? io = null) =>
        RecordControl(WithScenarioOverrides(data, scenario), scenario, io ?? IoTableReader.Default);

    /// <summary>
    /// The dataset the scenario runs on: its assumption overrides applied. The control keeps them: an override changes
    /// the model the district is described by, not the policy the scenario tries.
    /// </summary>
    public static BaseYearDataset WithScenarioOverrides(BaseYearDataset data, Scenario scenario) =>
        data.WithOverrides(scenario.Assumptions, $"scenario {scenario.Name}");

    private static ModelParameters RecordControl(BaseYearDataset data, Scenario scenario, IoTable io)
    {
        var path = new ControlPath(scenario.Months, DistrictIds.Towns.Count);
        var control = Assemble(data, ControlScenario(scenario), io, Noise.Off, path);
        var simulation = new ShardSimulation(control, new ReplicationBlock(0, 1));
        for (var month = 0; month < scenario.Months; month++)
        {
            path.Record(month, simulation.Snapshot);
            simulation.StepMonth();
        }

        return control;
    }

    /// <summary>The control forecast of a scenario: its base year, horizon, table and assumption overrides, every lever at its default, no shock, no firms.</summary>
    public static Scenario ControlScenario(Scenario scenario) =>
        scenario with { Levers = new Dictionary<string, double>(), Shocks = [], Targets = [], Replications = 1, SyntheticFirms = 0 };

    private static ModelParameters Assemble(BaseYearDataset data, Scenario scenario, IoTable io, Noise noise, ControlPath control)
    {
        var figures = new FigureReader(data);
        var baseYear = data.BaseYears.FirstOrDefault(b => b.Year == scenario.BaseYear)
            ?? throw new ArgumentException($"Base year {scenario.BaseYear} is not supported; use {string.Join(" or ", data.BaseYears.Select(b => $"{b.Year} ({b.Name})"))}.", nameof(scenario));
        double Base(string what) => figures.Number(baseYear.FigureId(what));
        var time = new HorizonTime(scenario.BaseYear, scenario.Start.Index, scenario.Months);

        var (levers, defaults) = ReadLevers(figures, scenario);
        var shocks = ReadShocks(scenario, time);
        var chains = BuildChains(figures, io, Base("industrial_output"), Base("rnd_spending"), Base("fixed_asset_investment"), levers, defaults, shocks.Demand);
        var chainDynamics = BuildChainDynamics(figures, levers, noise, time.Months);

        var named = ReadNamedProjects(figures);
        var pipelines = BuildPipelines(figures, chains, levers[LeverCatalog.NewProjectsPerYear], Base("pipeline_starts"), Base("pipeline_starts_before"));
        CheckStarts(figures, baseYear, time, named, Base("pipeline_starts"));
        var calibration = CalibrateBaseYear(figures, time, named, pipelines, chains, Base("fixed_asset_investment"), Base("industrial_investment"), Base("new_urban_jobs"));
        var projectDynamics = BuildProjectDynamics(figures, time, levers, defaults, calibration, shocks);
        var projects = named.Select(n => n.WithDelay(projectDynamics, time.Start)).ToArray();

        var townShares = Shares(figures, DistrictIds.Towns.Select(id => $"town.{id}.job_share"));
        var towns = DistrictIds.Towns.Select((id, i) => new TownParameters(i, id, EntityKey.Of(id), townShares[i])).ToArray();
        var poverty = new PovertyParameters(
            figures.Number("model.poverty_wage_share"),
            Base("poverty_wage_growth"),
            Base("poverty_other_income_growth"),
            figures.Number("model.poverty_jobs_elasticity"),
            figures.Number("model.poverty_income_volatility"));

        var district = new DistrictParameters(
            EntityKey.Of(DistrictIds.District),
            Base("non_industrial_gdp"),
            levers[LeverCatalog.ServicesGrowth],
            figures.Number("model.services_volatility"),
            Base("outside_capital"),
            levers[LeverCatalog.OutsideCapitalGrowth],
            shocks.OutsideCapital,
            levers[LeverCatalog.GuihuidaiVolume],
            shocks.Credit,
            figures.Number("model.capital_volatility"),
            calibration.FixedAssetInvestment - calibration.IndustrialInvestment,
            PlannedNamedOther(named, time, calibration, levers[LeverCatalog.ServicesGrowth]),
            figures.Number("model.replacement_hiring_rate"),
            calibration.ServicesHires,
            figures.Number("model.jobs_volatility"),
            Base("high_tech_firms"),
            Base("high_tech_certifications"),
            figures.Number("model.high_tech_loss_rate"),
            figures.Number("model.high_tech_rnd_elasticity"),
            levers[LeverCatalog.LivelihoodShare],
            figures.Number("model.livelihood_share_volatility"),
            Base("group_schooling"),
            Base("rnd_spending"));

        var parameters = new ModelParameters
        {
            Scenario = scenario,
            Io = io,
            Time = time,
            Noise = noise,
            Levers = levers,
            Chains = chains,
            ChainDynamics = chainDynamics,
            Projects = projects,
            Pipelines = pipelines,
            ProjectDynamics = projectDynamics,
            Towns = towns,
            Poverty = poverty,
            District = district,
            Firms = FirmPopulation.For(scenario.Seed, scenario.SyntheticFirms, [.. chains.Select(c => c.Output0)], FirmSizeTail(figures)),
            FirmVolatility = figures.Number("model.firm_volatility"),
            Control = control,
            Calibration = calibration,
            BaseValues = ReadBaseValues(figures, baseYear, chains, towns, district),
            FiguresRead = figures.Read,
        };
        return parameters;
    }

    /// <summary>Every lever's default for the base year (all read, so the defaults in force are known) and the value in force.</summary>
    private static (Dictionary<string, double> InForce, Dictionary<string, double> Defaults) ReadLevers(FigureReader figures, Scenario scenario)
    {
        var inForce = new Dictionary<string, double>(StringComparer.Ordinal);
        var defaults = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var lever in figures.Data.Levers)
        {
            defaults[lever.Name] = figures.Number(lever.DefaultFigureId(scenario.BaseYear));
            inForce[lever.Name] = scenario.Levers.TryGetValue(lever.Name, out var value) ? value : defaults[lever.Name];
        }

        foreach (var name in scenario.Levers.Keys)
        {
            if (!defaults.ContainsKey(name))
            {
                throw new ArgumentException($"The scenario sets '{name}', which is not a lever; levers: {string.Join(", ", defaults.Keys)}.", nameof(scenario));
            }
        }

        return (inForce, defaults);
    }

    /// <summary>
    /// Shocks as multipliers by horizon month: the changes of every shock in force that month add up, and only their sum
    /// is floored at zero (demand, capital or credit cannot go below nothing), so the order shocks are written in is moot.
    /// </summary>
    private static ShockSchedule ReadShocks(Scenario scenario, HorizonTime time)
    {
        var months = time.Months;
        var demand = DistrictIds.Chains.Select(_ => new double[months]).ToArray();
        var capital = new double[months];
        var credit = new double[months];
        var delays = new List<Shock>();
        foreach (var shock in scenario.Shocks)
        {
            if (shock.Variable == ShockVariable.Delay)
            {
                delays.Add(shock);
                continue;
            }

            var row = shock.Variable switch
            {
                ShockVariable.Demand => DistrictIds.ChainIndex(shock.Target) is >= 0 and var c ? demand[c] : throw new ArgumentException($"Shock '{shock.Name}' targets '{shock.Target}', which is not a chain.", nameof(scenario)),
                ShockVariable.OutsideCapital => capital,
                _ => credit,
            };
            for (var k = 0; k < months; k++)
            {
                if (shock.AppliesTo(YearMonth.FromIndex(time.MonthIndex(k))))
                {
                    row[k] += shock.Change / 100;
                }
            }
        }

        static double[] Multiplier(double[] change) => Array.ConvertAll(change, c => Math.Max(0, 1 + c));
        return new ShockSchedule([.. demand.Select(Multiplier)], Multiplier(capital), Multiplier(credit), delays);
    }

    private static ChainParameters[] BuildChains(
        FigureReader figures,
        IoTable io,
        double districtOutput,
        double rnd0,
        double investment0,
        IReadOnlyDictionary<string, double> levers,
        IReadOnlyDictionary<string, double> defaults,
        double[][] demandShock)
    {
        var ids = DistrictIds.Chains;
        var outputShares = Shares(figures, ids.Select(id => $"chain.{id}.output_share"));
        var rndShares = Shares(figures, ids.Select(id => $"chain.{id}.rnd_share"));
        var output0 = outputShares.Select(share => districtOutput * share).ToArray();
        var finalDemand0 = io.FinalDemandFor(output0);
        var nevAboveDefault = levers[LeverCatalog.NevTransitionShare] - defaults[LeverCatalog.NevTransitionShare];
        var nevDemandEffect = figures.Number("model.nev_demand_effect");
        var rndNevEffect = figures.Number("model.rnd_nev_effect");
        var chains = new ChainParameters[ids.Count];
        for (var c = 0; c < ids.Count; c++)
        {
            var id = ids[c];
            if (finalDemand0[c] <= 0)
            {
                throw new InvalidOperationException($"The input-output table '{io.Source}' leaves chain {id} no final demand at base-year output; its row's coefficients are too large for the chain shares.");
            }

            var lever = figures.Text($"chain.{id}.lever");
            if (!levers.TryGetValue(lever, out var growth))
            {
                throw new InvalidOperationException($"Figure chain.{id}.lever names '{lever}', which is not a lever; levers: {string.Join(", ", levers.Keys)}.");
            }

            var jobsPerOutput = figures.Number($"chain.{id}.jobs_per_output");
            var nevExposure = figures.Number($"chain.{id}.nev_exposure");

            // Fixed investment is final demand too: the chain's share of it comes out of its base final demand.
            var investmentShare = figures.Number($"chain.{id}.investment_demand_share");
            var otherDemand0 = finalDemand0[c] - (investmentShare * investment0);
            if (investmentShare < 0 || otherDemand0 <= 0)
            {
                throw new InvalidOperationException($"Figure chain.{id}.investment_demand_share ({investmentShare}) leaves {id} no final demand besides investment ({finalDemand0[c]:0.##} 亿元 in all); it must be between 0 and {finalDemand0[c] / investment0:0.###}.");
            }

            chains[c] = new ChainParameters(
                c,
                id,
                EntityKey.Of(id),
                lever,
                output0[c],
                otherDemand0,
                investmentShare,
                jobsPerOutput * output0[c],
                jobsPerOutput,
                rnd0 * rndShares[c] / output0[c],
                io.ValueAdded(c),
                growth + (nevDemandEffect * nevExposure * nevAboveDefault),
                1 + (rndNevEffect * nevExposure * nevAboveDefault),
                demandShock[c]);
        }

        return chains;
    }

    private static ChainDynamics BuildChainDynamics(FigureReader figures, IReadOnlyDictionary<string, double> levers, Noise noise, int months)
    {
        var own = figures.Number("model.demand_volatility");
        var rho = figures.Number("model.demand_persistence");
        var macro = figures.Number("model.macro_volatility");

        // Both deviations start at zero and are AR(1) with stationary spread σ: after month m their variance is σ²(1 − ρ^2(m+1)).
        var halfVariance = new double[months];
        for (var m = 0; m < months && noise.On; m++)
        {
            halfVariance[m] = ((own * own) + (macro * macro)) * (1 - Math.Pow(rho, 2 * (m + 1))) / 2;
        }

        return new ChainDynamics(
            own,
            rho,
            macro,
            figures.Number("model.employment_adjustment"),
            figures.Number("model.employment_output_elasticity"),
            levers[LeverCatalog.RndProgrammeGrowth],
            figures.Number("model.rnd_volatility"),
            halfVariance);
    }

    private static NamedProjectSpec[] ReadNamedProjects(FigureReader figures)
    {
        var projects = new NamedProjectSpec[DistrictIds.Projects.Count];
        for (var i = 0; i < projects.Length; i++)
        {
            var id = DistrictIds.Projects[i];
            var entity = figures.Data.GetEntity(id);
            double Optional(string what) => figures.OptionalNumber($"project.{id}.{what}") ?? 0;
            int? Month(string what)
            {
                if (figures.OptionalText($"project.{id}.{what}") is not { } text)
                {
                    return null;
                }

                return YearMonth.TryParse(text, out var month) ? month.Index : throw new InvalidOperationException($"Figure project.{id}.{what} is '{text}'; a month is written YYYY-MM.");
            }

            var chainId = entity.Chain ?? figures.OptionalText($"project.{id}.chain");
            var chain = chainId is null ? -1 : DistrictIds.ChainIndex(chainId);
            if (chainId is not null && chain < 0)
            {
                throw new InvalidOperationException($"Project {id} belongs to '{chainId}', which is not a chain.");
            }

            var capacity = Optional("capacity");
            var jobs = Optional("jobs");
            if ((capacity > 0 || jobs > 0) && chain < 0)
            {
                throw new InvalidOperationException($"Project {id} adds capacity or jobs but belongs to no chain; give it one with a figure project.{id}.chain.");
            }

            var town = entity.Town is { } townId ? DistrictIds.TownIndex(townId) : -1;
            var industrial = string.Equals(entity.Role, "industry", StringComparison.Ordinal);
            var (start, complete) = (Month("start_month"), Month("complete_month"));
            var investment = Optional("investment");
            if ((investment > 0 || capacity > 0 || jobs > 0) && (start is null || complete is null || complete <= start))
            {
                throw new InvalidOperationException($"Project {id} has an investment, capacity or jobs but no build: give it figures project.{id}.start_month and project.{id}.complete_month (YYYY-MM), the completion after the start.");
            }

            projects[i] = new NamedProjectSpec(i, id, chain, town, industrial, investment, start, complete, capacity, jobs, Optional("coverage_gain"));
        }

        return projects;
    }

    /// <summary>One pipeline per chain, its arrivals and history in proportion to the chain's output, then the non-industrial one.</summary>
    private static PipelineParameters[] BuildPipelines(FigureReader figures, ChainParameters[] chains, double perYear, double startsBaseYear, double startsBefore)
    {
        var industrialShare = figures.Number("projects.industrial_share");
        var startShare = figures.Number("projects.start_share");
        var capacity = figures.Number("model.capacity_per_completed");
        var total = chains.Sum(c => c.Output0);
        var pipelines = new PipelineParameters[chains.Length + 1];
        foreach (var chain in chains)
        {
            var weight = chain.Output0 / total;
            var id = $"pipeline/{chain.Id}";
            pipelines[chain.Index] = new PipelineParameters(chain.Index, id, EntityKey.Of(id), chain.Index, perYear * industrialShare * weight / 12, startShare, startsBaseYear * weight / 12, startsBefore * weight / 12, capacity * chain.JobsPerOutput);
        }

        // The report's start counts are of industrial projects; the non-industrial pipeline has no history of its own.
        pipelines[^1] = new PipelineParameters(
            chains.Length,
            NonIndustrialPipelineId,
            EntityKey.Of(NonIndustrialPipelineId),
            -1,
            perYear * (1 - industrialShare) / 12,
            figures.Number("projects.non_industrial_start_share"),
            0,
            0,
            0);
        return pipelines;
    }

    /// <summary>
    /// The base year adds up: industrial investment = named industrial + pipeline spending (which sizes a pipeline
    /// project), fixed-asset investment = industrial + named non-industrial + other (which sizes other investment),
    /// and new urban jobs = replacement hiring + net industrial job creation + hiring outside industry.
    /// </summary>
    private static BaseYearCalibration CalibrateBaseYear(
        FigureReader figures,
        HorizonTime time,
        NamedProjectSpec[] named,
        PipelineParameters[] pipelines,
        ChainParameters[] chains,
        double fixedAssetInvestment,
        double industrialInvestment,
        double newUrbanJobs)
    {
        var baseYearMonths = time.BaseYearMonths.ToArray();
        var namedIndustrial = 0.0;
        var namedOther = 0.0;
        foreach (var project in named)
        {
            var spent = baseYearMonths.Sum(project.PlannedSpend);
            if (project.Industrial)
            {
                namedIndustrial += spent;
            }
            else
            {
                namedOther += spent;
            }
        }

        // Pipeline projects building in the base year, in whole projects: expected starts of every earlier month times
        // the share of their spend that falls in the base year, at the typical build time.
        var duration = (int)Math.Round(figures.Number("model.construction_months"), MidpointRounding.AwayFromZero);
        var reach = (int)figures.Number("model.construction_months_max");
        var building = 0.0;
        foreach (var pipeline in pipelines)
        {
            foreach (var t in baseYearMonths)
            {
                for (var s = baseYearMonths[0] - reach; s <= t; s++)
                {
                    var rate = time.BeforeBaseYear(s) ? pipeline.EarlierStartsPerMonth : pipeline.BaseYearStartsPerMonth;
                    building += rate * ProjectDynamics.SCurve(t - s, duration);
                }
            }
        }

        var pipelineInvestment = industrialInvestment - namedIndustrial;
        if (pipelineInvestment <= 0 || building <= 0)
        {
            throw new InvalidOperationException($"The named industrial projects' assumed spending in {time.BaseYear} ({namedIndustrial:0.##} 亿元) leaves nothing of its industrial investment ({industrialInvestment:0.##} 亿元) for the pipeline projects the report counts.");
        }

        var other = fixedAssetInvestment - industrialInvestment - namedOther;
        if (other < 0)
        {
            throw new InvalidOperationException($"Fixed-asset investment in {time.BaseYear} ({fixedAssetInvestment:0.##} 亿元) is less than industrial investment plus the named non-industrial projects' spending.");
        }

        var employment = chains.Sum(c => c.Employment0);
        var replacement = figures.Number("model.replacement_hiring_rate") * employment;
        var servicesHires = newUrbanJobs - replacement - figures.Number("model.base_year_net_industrial_job_creation");
        if (servicesHires < 0)
        {
            throw new InvalidOperationException($"Replacement hiring in {time.BaseYear} ({replacement:0} people) exceeds its new urban jobs ({newUrbanJobs:0}); lower model.replacement_hiring_rate.");
        }

        return new BaseYearCalibration(fixedAssetInvestment, industrialInvestment, namedIndustrial, namedOther, building, pipelineInvestment, other, replacement, servicesHires);
    }

    private static ProjectDynamics BuildProjectDynamics(
        FigureReader figures,
        HorizonTime time,
        IReadOnlyDictionary<string, double> levers,
        IReadOnlyDictionary<string, double> defaults,
        BaseYearCalibration calibration,
        ShockSchedule shocks)
    {
        var fundingShare = Fraction(figures, "model.outside_capital_funding_share");
        var creditElasticity = Fraction(figures, "model.credit_investment_elasticity");
        var defaultLoans = defaults[LeverCatalog.GuihuidaiVolume];
        var credit = defaultLoans > 0 ? levers[LeverCatalog.GuihuidaiVolume] / defaultLoans : 1;

        // Capital and credit bring projects as far as they differ from the control's: their defaults are part of the
        // expected project flow (the report's counts already reflect them). The financed shares move one for one with
        // their sources, and a project keeps its own size; with shares below one, arrivals stay positive whatever the levers.
        var scale = new double[time.Months];
        for (var k = 0; k < time.Months; k++)
        {
            var t = time.MonthIndex(k);
            var capital = time.Growth(levers[LeverCatalog.OutsideCapitalGrowth], t) / time.Growth(defaults[LeverCatalog.OutsideCapitalGrowth], t) * shocks.OutsideCapital[k];
            scale[k] = (1 + (fundingShare * (capital - 1))) * (1 + (creditElasticity * ((credit * shocks.Credit[k]) - 1)));
        }

        return new ProjectDynamics(
            figures.Number("model.start_lag_months"),
            figures.Number("model.construction_months"),
            figures.Number("model.construction_jitter"),
            ConstructionBound(figures, "model.construction_months_min"),
            ConstructionBound(figures, "model.construction_months_max"),
            WholeMonths(figures, "model.ramp_months"),
            calibration.PipelineInvestment / calibration.PipelineProjectsBuilding,
            figures.Number("model.capacity_per_completed"),
            scale,
            (int)Math.Round(levers[LeverCatalog.ProjectDelayMonths], MidpointRounding.AwayFromZero),
            shocks.Delays);
    }

    /// <summary>
    /// The named non-industrial projects' planned spending by horizon month. It must fit inside the non-industrial
    /// investment trend it is part of; a schedule that does not is a data error, not something to clamp.
    /// </summary>
    private static double[] PlannedNamedOther(NamedProjectSpec[] named, HorizonTime time, BaseYearCalibration calibration, double servicesGrowth)
    {
        var planned = new double[time.Months];
        for (var k = 0; k < time.Months; k++)
        {
            var t = time.MonthIndex(k);
            planned[k] = named.Where(p => !p.Industrial).Sum(p => p.PlannedSpend(t));
            var trend = (calibration.FixedAssetInvestment - calibration.IndustrialInvestment) / 12 * time.Growth(servicesGrowth, t);
            if (planned[k] > trend)
            {
                throw new InvalidOperationException($"In {YearMonth.FromIndex(t)} the named non-industrial projects plan to spend {planned[k]:0.##} 亿元, more than the non-industrial investment trend ({trend:0.##} 亿元) they are part of.");
            }
        }

        return planned;
    }

    /// <summary>The base-year value of every series: the model's own base for what it computes, the dataset's figure for the rest.</summary>
    private static double?[] ReadBaseValues(FigureReader figures, BaseYearInfo baseYear, ChainParameters[] chains, TownParameters[] towns, DistrictParameters district)
    {
        double? Base(string what) => figures.OptionalNumber(baseYear.FigureId(what));
        var values = new double?[SeriesLayout.Count];
        var employment = chains.Sum(c => c.Employment0);
        var valueAdded = 0.0;
        foreach (var chain in chains)
        {
            valueAdded += chain.Output0 * chain.ValueAddedRatio;
            values[SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, chain.Index)] = chain.Output0;
            values[SeriesLayout.ChainSeries(SeriesLayout.IndustrialValueAdded, chain.Index)] = chain.Output0 * chain.ValueAddedRatio;
            values[SeriesLayout.ChainSeries(SeriesLayout.Rnd, chain.Index)] = chain.RndPerOutput * chain.Output0;
            values[SeriesLayout.ChainSeries(SeriesLayout.Employment, chain.Index)] = chain.Employment0;
        }

        foreach (var town in towns)
        {
            values[SeriesLayout.TownSeries(SeriesLayout.Employment, town.Index)] = employment * town.JobShare;
        }

        values[SeriesLayout.Gdp] = valueAdded + district.NonIndustrialGdp0;
        values[SeriesLayout.IndustrialOutput] = chains.Sum(c => c.Output0);
        values[SeriesLayout.IndustrialValueAdded] = valueAdded;
        values[SeriesLayout.Employment] = employment;
        values[SeriesLayout.Rnd] = district.Rnd0;
        values[SeriesLayout.InvestmentDisbursed] = Base("fixed_asset_investment");
        values[SeriesLayout.IndustrialInvestment] = Base("industrial_investment");
        values[SeriesLayout.OutsideCapital] = district.OutsideCapital0;
        values[SeriesLayout.ProjectsIntroduced] = Base("projects_introduced");
        values[SeriesLayout.IndustrialProjectsIntroduced] = Base("industrial_projects_introduced");
        values[SeriesLayout.ProjectsStarted] = Base("projects_started");
        values[SeriesLayout.ProjectsCompleted] = Base("projects_completed");
        values[SeriesLayout.Loans] = Base("guihuidai_loans");
        values[SeriesLayout.HighTech] = district.HighTech0;
        values[SeriesLayout.NewUrbanJobs] = Base("new_urban_jobs");
        values[SeriesLayout.PovertyIncome] = Base("poverty_income_growth");
        values[SeriesLayout.Livelihood] = Base("livelihood_share");
        values[SeriesLayout.Schooling] = district.SchoolingCoverage0;
        return values;
    }

    /// <summary>Shares that split a whole (of output, R&amp;D, jobs): each at least 0, together 1, or the accounts would not add up.</summary>
    private static double[] Shares(FigureReader figures, IEnumerable<string> ids)
    {
        var named = ids.ToArray();
        var shares = named.Select(figures.Number).ToArray();
        var sum = shares.Sum();
        if (shares.Any(s => s < 0) || Math.Abs(sum - 1) > 1e-9)
        {
            throw new InvalidOperationException($"The shares {string.Join(", ", named.Select((id, i) => $"{id} = {shares[i]}"))} must each be at least 0 and add up to 1 (they add up to {sum}).");
        }

        return shares;
    }

    /// <summary>A share of a whole the model treats as below one (a funding share, an elasticity that must keep arrivals positive).</summary>
    private static double Fraction(FigureReader figures, string id)
    {
        var value = figures.Number(id);
        return value is >= 0 and < 1 ? value : throw new InvalidOperationException($"Figure {id} is {value}; it must be at least 0 and below 1.");
    }

    /// <summary>A Pareto tail of 1 or less has no mean: the firms' shares of their chain could not be drawn.</summary>
    private static double FirmSizeTail(FigureReader figures)
    {
        var tail = figures.Number("model.firm_size_tail");
        return tail > 1 ? tail : throw new InvalidOperationException($"Figure model.firm_size_tail is {tail}; a firm-size tail must be above 1 (at 1 or below a Pareto distribution has no mean).");
    }

    /// <summary>A bound of the pipeline build time; the bounds must bracket the typical build (min ≤ construction_months ≤ max).</summary>
    private static int ConstructionBound(FigureReader figures, string id)
    {
        var bound = WholeMonths(figures, id);
        var min = WholeMonths(figures, "model.construction_months_min");
        var max = WholeMonths(figures, "model.construction_months_max");
        var typical = figures.Number("model.construction_months");
        return min <= typical && typical <= max
            ? bound
            : throw new InvalidOperationException($"Figures model.construction_months_min ({min}), model.construction_months ({typical}) and model.construction_months_max ({max}) must be in that order, the bounds around the typical build.");
    }

    /// <summary>A whole number of months, at least one.</summary>
    private static int WholeMonths(FigureReader figures, string id)
    {
        var value = figures.Number(id);
        return value >= 1 && value == Math.Floor(value) ? (int)value : throw new InvalidOperationException($"Figure {id} is {value}; it must be a whole number of months, at least 1.");
    }

    /// <summary>
    /// Where the base year's reported start count is known, it is the pipeline's starts plus the named industrial
    /// projects that started in it: moving a named project's start month must not silently break that.
    /// </summary>
    private static void CheckStarts(FigureReader figures, BaseYearInfo baseYear, HorizonTime time, NamedProjectSpec[] named, double pipelineStarts)
    {
        if (figures.OptionalNumber(baseYear.FigureId("projects_started")) is not { } reported)
        {
            return;
        }

        var namedStarts = named.Count(p => p.Industrial && p.Start is { } start && time.InBaseYear(start));
        if (Math.Abs(namedStarts + pipelineStarts - reported) > 1e-9)
        {
            throw new InvalidOperationException($"In {baseYear.Year} {namedStarts} named industrial projects started and {baseYear.FigureId("pipeline_starts")} is {pipelineStarts}, which add up to {namedStarts + pipelineStarts}, not the {reported} reported ({baseYear.FigureId("projects_started")}).");
        }
    }

    private sealed record ShockSchedule(double[][] Demand, double[] OutsideCapital, double[] Credit, IReadOnlyList<Shock> Delays);

    /// <summary>A named project as the data gives it, before the scenario's delays.</summary>
    private sealed record NamedProjectSpec(int Index, string Id, int Chain, int Town, bool Industrial, double Investment, int? Start, int? Complete, double Capacity, double Jobs, double CoverageGain)
    {
        /// <summary>What the project plans to spend in month index <paramref name="t"/>: its investment along the S-curve of its planned build.</summary>
        public double PlannedSpend(int t) => Start is { } start && Complete is { } complete ? Investment * ProjectDynamics.SCurve(t - start, complete - start) : 0;

        /// <summary>Delays reach only a project still building at the horizon start.</summary>
        public ProjectParameters WithDelay(ProjectDynamics dynamics, int horizonStart)
        {
            var delay = Start is { } start && Complete is { } complete && complete >= horizonStart
                ? dynamics.DelayMonths + dynamics.ShockDelay(Id, Math.Max(start, horizonStart), complete)
                : 0;
            return new ProjectParameters(Index, Id, EntityKey.Of(Id), Chain, Town, Industrial, Investment, Start, Complete, Capacity, Jobs, CoverageGain, delay);
        }
    }
}
