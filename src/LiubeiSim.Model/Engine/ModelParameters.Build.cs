using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Engine;

public sealed partial class ModelParameters
{
    /// <summary>The base years a run can start from.</summary>
    public static IReadOnlyList<int> SupportedBaseYears { get; } = [2021, 2022];

    /// <summary>Figure id of a lever's default for a base year: 2022 projects 2023; 2021 holds what happened in 2022 (the backtest).</summary>
    public static string LeverFigureId(string lever, int baseYear) => baseYear == 2021 ? $"backtest.lever.{lever}" : $"lever.{lever}";

    public static ModelParameters Build(BaseYearDataset data, Scenario scenario, IoTable? io = null)
    {
        io ??= IoTableReader.Default;
        if (!SupportedBaseYears.Contains(scenario.BaseYear))
        {
            throw new ArgumentException($"Base year {scenario.BaseYear} is not supported; use 2022 (the report's year) or 2021 (the backtest).", nameof(scenario));
        }

        var y = scenario.BaseYear;
        var months = scenario.Months;
        double N(string id) => data.Number(id);

        var levers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var lever in LeverCatalog.All)
        {
            levers[lever.Name] = scenario.Levers.TryGetValue(lever.Name, out var v) ? v : N(LeverFigureId(lever.Name, y));
        }

        // Chains: base-year output by assumed shares of the report-scope district total; final demand from the IO table.
        var districtOutput = N($"district.industrial_output_{y}");
        var output0 = new double[Chains];
        var jobsPerOutput = new double[Chains];
        var rndShare = new double[Chains];
        for (var c = 0; c < Chains; c++)
        {
            var id = DistrictIds.Chains[c];
            output0[c] = districtOutput * N($"chain.{id}.output_share");
            jobsPerOutput[c] = N($"chain.{id}.jobs_per_output");
            rndShare[c] = N($"chain.{id}.rnd_share");
        }

        var finalDemand0 = io.FinalDemandFor(output0);
        for (var c = 0; c < Chains; c++)
        {
            if (finalDemand0[c] <= 0)
            {
                throw new InvalidOperationException($"The input-output table '{io.Source}' leaves chain {DistrictIds.Chains[c]} no final demand at base-year output; its row's coefficients are too large for the chain shares.");
            }
        }

        var nevAboveBase = levers[LeverCatalog.NevTransitionShare] - N(LeverFigureId(LeverCatalog.NevTransitionShare, y));
        var growth = new double[Chains];
        growth[0] = levers[LeverCatalog.TourismEquipmentGrowth];
        growth[1] = levers[LeverCatalog.PrefabConstructionGrowth];
        growth[2] = levers[LeverCatalog.LiugangAutoSteelGrowth];
        growth[3] = levers[LeverCatalog.ModernGarmentGrowth];
        growth[4] = levers[LeverCatalog.SgmwDemandGrowth] + (N("model.nev_demand_effect") * nevAboveBase);
        growth[5] = levers[LeverCatalog.OtherIndustryGrowth];

        var rnd0 = y == 2021 ? N("D8.previous") : N("D8");
        var rndPerOutput = new double[Chains];
        var employment0 = new double[Chains];
        for (var c = 0; c < Chains; c++)
        {
            rndPerOutput[c] = rnd0 * rndShare[c] / output0[c];
            employment0[c] = jobsPerOutput[c] * output0[c];
        }

        var start = scenario.Start.Index;
        var demandShock = new double[Chains * months];
        var ocShock = new double[months];
        var creditShock = new double[months];
        Array.Fill(demandShock, 1.0);
        Array.Fill(ocShock, 1.0);
        Array.Fill(creditShock, 1.0);
        var delayShocks = new List<Shock>();
        foreach (var shock in scenario.Shocks)
        {
            if (shock.Variable == ShockVariable.Delay)
            {
                delayShocks.Add(shock);
                continue;
            }

            for (var k = 0; k < months; k++)
            {
                if (!shock.AppliesTo(YearMonth.FromIndex(start + k)))
                {
                    continue;
                }

                var factor = shock.Change / 100;
                switch (shock.Variable)
                {
                    case ShockVariable.Demand:
                        var chain = DistrictIds.ChainIndex(shock.Target);
                        demandShock[(chain * months) + k] = Math.Max(0, demandShock[(chain * months) + k] + factor);
                        break;
                    case ShockVariable.OutsideCapital:
                        ocShock[k] = Math.Max(0, ocShock[k] + factor);
                        break;
                    case ShockVariable.Credit:
                        creditShock[k] = Math.Max(0, creditShock[k] + factor);
                        break;
                }
            }
        }

        var loans0 = y == 2021 ? N("district.guihuidai_2021") : N("D6");
        var outsideCapital0 = y == 2021 ? N("district.outside_capital_2021") : N("D4");
        var ocGrowth = levers[LeverCatalog.OutsideCapitalGrowth];
        var loansPerYear = levers[LeverCatalog.GuihuidaiVolume];
        var fundingShare = N("model.outside_capital_funding_share");
        var creditElasticity = N("model.credit_investment_elasticity");
        var investmentScale = new double[months];
        for (var k = 0; k < months; k++)
        {
            var capital = (1 + (ocGrowth / 100)) * ocShock[k];
            var credit = loans0 > 0 ? loansPerYear / loans0 * creditShock[k] : 1;
            investmentScale[k] = Math.Max(0.05, 1 + (fundingShare * (capital - 1))) * Math.Max(0.05, 1 + (creditElasticity * (credit - 1)));
        }

        var parameters = new ModelParameters
        {
            Scenario = scenario,
            Io = io,
            Levers = levers,
            ChainOutput0 = output0,
            Firms = FirmPopulation.For(scenario.Seed, scenario.SyntheticFirms, output0, N("model.firm_size_tail")),
            FirmVolatility = N("model.firm_volatility"),
            FinalDemand0 = finalDemand0,
            ChainGrowth = growth,
            JobsPerOutput = jobsPerOutput,
            Employment0 = employment0,
            RndPerOutput = rndPerOutput,
            VaRatio = N("district.va_ratio"),
            DemandShock = demandShock,
            ControlOutput = new double[Chains * months],
            ControlEmployment = new double[Chains * months],
            ControlRnd = new double[months],
            DemandVolatility = N("model.demand_volatility"),
            DemandPersistence = N("model.demand_persistence"),
            MacroVolatility = N("model.macro_volatility"),
            EmploymentAdjustment = N("model.employment_adjustment"),
            EmploymentElasticity = N("model.employment_output_elasticity"),
            RndGrowth = levers[LeverCatalog.RndProgrammeGrowth],
            RndVolatility = N("model.rnd_volatility"),
            AutoRndFactor = 1 + (N("model.rnd_nev_effect") * nevAboveBase),
            NonIndustrialGdp0 = N($"district.non_industrial_gdp_{y}"),
            ServicesGrowth = levers[LeverCatalog.ServicesGrowth],
            ServicesVolatility = N("model.services_volatility"),
            OutsideCapital0 = outsideCapital0,
            OutsideCapitalGrowth = ocGrowth,
            OutsideCapitalShock = ocShock,
            LoansPerYear = loansPerYear,
            CreditShock = creditShock,
            CapitalVolatility = N("model.capital_volatility"),
            InvestmentScale = investmentScale,
            OtherInvestment0 = y == 2021 ? N("district.fai_2021") - N("district.industrial_investment_2021") : N("outside.fai_2022") - N("outside.industrial_investment_2022"),
            NewUrbanJobs0 = y == 2021 ? N("district.new_urban_jobs_2021") : N("D17"),
            JobsOutputElasticity = N("model.jobs_output_elasticity"),
            JobsVolatility = N("model.jobs_volatility"),
            HighTech0 = y == 2021 ? N("district.high_tech_firms_2021") : N("D9"),
            CertificationsPerYear = N("outside.new_high_tech_firms_2022") + N("model.innovation_centre_certifications"),
            HighTechLossRate = N("model.high_tech_loss_rate"),
            HighTechRndElasticity = N("model.high_tech_rnd_elasticity"),
            LivelihoodShare = levers[LeverCatalog.LivelihoodShare],
            LivelihoodVolatility = N("model.livelihood_share_volatility"),
            SchoolingCoverage0 = y == 2021 ? N("district.group_schooling_2021") : N("D18"),
            TownJobShare = DistrictIds.Towns.Select(t => N($"town.{t}.job_share")).ToArray(),
            PovertyWageShare = N("model.poverty_wage_share"),
            PovertyWageGrowth = N($"poverty.wage_growth_{y + 1}"),
            PovertyOtherGrowth = N($"poverty.other_income_growth_{y + 1}"),
            PovertyJobsElasticity = N("model.poverty_jobs_elasticity"),
            PovertyVolatility = N("model.poverty_income_volatility"),
            NamedProjects = BuildNamedProjects(data),
            PipelineIntroducedPerMonth = PipelineRates(levers[LeverCatalog.NewProjectsPerYear], N("projects.industrial_share"), output0, districtOutput),
            PipelineHistoryStartsPerMonth = HistoryRates(N($"pipeline.starts_{y}"), output0, districtOutput),
            PipelineHistoryStartsPerMonthEarlier = HistoryRates(N("pipeline.starts_2021"), output0, districtOutput),
            StartShare = N("projects.start_share"),
            StartLagMonths = N("model.start_lag_months"),
            ConstructionMonths = N("model.construction_months"),
            ConstructionJitter = N("model.construction_jitter"),
            InvestmentPerStarted = N("projects.investment_per_started"),
            CapacityPerCompleted = N("model.capacity_per_completed"),
            JobsPerCompleted = N("model.jobs_per_completed"),
            DelayMonths = (int)Math.Round(levers[LeverCatalog.ProjectDelayMonths], MidpointRounding.AwayFromZero),
            DelayShocks = delayShocks,
        };
        parameters.ComputeControlPath();
        return parameters;
    }

    /// <summary>Industrial projects arrive in proportion to chain output; the rest go to the non-industrial pipeline.</summary>
    private static double[] PipelineRates(double perYear, double industrialShare, double[] output0, double total)
    {
        var rates = HistoryRates(perYear * industrialShare, output0, total);
        rates[ServicesPipeline] = perYear * (1 - industrialShare) / 12;
        return rates;
    }

    /// <summary>Monthly rates per pipeline, spread over the chains by output share; the non-industrial pipeline gets none.</summary>
    private static double[] HistoryRates(double perYear, double[] output0, double total)
    {
        var rates = new double[Pipelines];
        for (var c = 0; c < Chains; c++)
        {
            rates[c] = perYear * (output0[c] / total) / 12;
        }

        return rates;
    }

    private static NamedProject[] BuildNamedProjects(BaseYearDataset data)
    {
        var projects = new NamedProject[DistrictIds.Projects.Count];
        var january2022 = new YearMonth(2022, 1).Index;
        for (var i = 0; i < projects.Length; i++)
        {
            var id = DistrictIds.Projects[i];
            var entity = data.GetEntity(id);
            double Optional(string suffix) => data.TryGetFigure($"project.{id}.{suffix}", out var f) && f.Value is { } v ? v : 0;
            int? Month(string suffix) => data.TryGetFigure($"project.{id}.{suffix}", out var f) && f.Value is { } v ? january2022 + (int)v : null;

            var investment = string.Equals(id, "school_projects", StringComparison.Ordinal) ? data.Number("outside.compulsory_school_investment_2022") : Optional("investment");
            var chain = entity.Chain is { } chainId ? DistrictIds.ChainIndex(chainId) : -1;
            var isIndustry = string.Equals(entity.Role, "industry", StringComparison.Ordinal);
            if (isIndustry && chain < 0)
            {
                // The report does not say which chain (P1, P14); their capacity joins the remainder chain.
                chain = DistrictIds.ChainIndex(DistrictIds.OtherIndustry);
            }

            var town = entity.Town is { } townId ? DistrictIds.TownIndex(townId) : -1;
            projects[i] = new NamedProject(id, chain, town, isIndustry, investment, Month("start_month"), Month("complete_month"), Optional("capacity"), Optional("jobs"), Optional("coverage_gain"));
        }

        return projects;
    }

    /// <summary>The expected path: levers in force, no shocks, no noise, no new capacity. Deviations from it drive jobs and incomes.</summary>
    private void ComputeControlPath()
    {
        var months = Months;
        Span<double> f = stackalloc double[Chains];
        Span<double> x = stackalloc double[Chains];
        Span<double> employment = stackalloc double[Chains];
        Span<double> previousOutput = stackalloc double[Chains];
        for (var c = 0; c < Chains; c++)
        {
            employment[c] = Employment0[c];
            previousOutput[c] = ChainOutput0[c] / 12;
        }

        var leontief = Io.LeontiefRowMajor;
        for (var k = 0; k < months; k++)
        {
            var t = HorizonStart + k;
            var rnd = 0.0;
            for (var c = 0; c < Chains; c++)
            {
                f[c] = FinalDemand0[c] / 12 * Growth(ChainGrowth[c], t);
                var target = Employment0[c] * Math.Pow(previousOutput[c] * 12 / ChainOutput0[c], EmploymentElasticity);
                employment[c] += EmploymentAdjustment * (target - employment[c]);
                ControlEmployment[(c * months) + k] = employment[c];
                rnd += RndPerOutput[c] * previousOutput[c] * Growth(RndGrowth, t) * (c == 4 ? AutoRndFactor : 1);
            }

            ControlRnd[k] = rnd;
            for (var i = 0; i < Chains; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < Chains; j++)
                {
                    sum += leontief[(i * Chains) + j] * f[j];
                }

                x[i] = sum;
                ControlOutput[(i * months) + k] = sum;
            }

            x.CopyTo(previousOutput);
        }
    }
}
