using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// The district's month: gathers every entity's contribution in a fixed order, solves chain output through the
/// Leontief inverse (x = L f), and computes the district's own flows and stocks. It writes the month's raw value of
/// every series and the snapshot the entities read next month.
/// </summary>
public static class DistrictStep
{
    public static DistrictState Initialise(ModelParameters p, int count)
    {
        var state = new DistrictState(count);
        state.HighTechFirms.AsSpan().Fill(p.HighTech0);
        state.SchoolingCoverage.AsSpan().Fill(p.SchoolingCoverage0);
        return state;
    }

    public static void Reduce(
        ModelParameters p,
        DistrictState state,
        ReplicationBlock block,
        int month,
        DistrictContributions inputs,
        DistrictSnapshot previous,
        DistrictSnapshot next,
        Span<double> raw)
    {
        const int chains = ModelParameters.Chains;
        var n = block.Count;
        var t = p.HorizonStart + month;
        var leontief = p.Io.LeontiefRowMajor;
        var key = EntityKeys.District;
        var servicesKey = CounterRandom.StreamKey(p.Seed, key, t, 1);
        var jobsKey = CounterRandom.StreamKey(p.Seed, key, t, 2);
        var capitalKey = CounterRandom.StreamKey(p.Seed, key, t, 3);
        var loansKey = CounterRandom.StreamKey(p.Seed, key, t, 4);
        var otherInvestmentKey = CounterRandom.StreamKey(p.Seed, key, t, 5);
        var certifyKey = CounterRandom.StreamKey(p.Seed, key, t, 6);
        var lossKey = CounterRandom.StreamKey(p.Seed, key, t, 7);
        var livelihoodKey = CounterRandom.StreamKey(p.Seed, key, t, 8);

        var controlOutput = 0.0;
        for (var c = 0; c < chains; c++)
        {
            controlOutput += p.ControlOutput[(c * p.Months) + month];
        }

        var servicesTrend = p.NonIndustrialGdp0 / 12 * p.Growth(p.ServicesGrowth, t);
        var otherInvestment = p.OtherInvestment0 / 12 * p.Growth(p.ServicesGrowth, t) * p.InvestmentScale[month];
        var capitalTrend = p.OutsideCapital0 / 12 * (1 + (p.OutsideCapitalGrowth / 100)) * p.OutsideCapitalShock[month];
        var loansTrend = p.LoansPerYear / 12 * p.CreditShock[month];
        var certifications = p.CertificationsPerYear / 12;
        var controlRnd = p.ControlRnd[month];

        if (p.Firms.Count > 0)
        {
            FirmStep.Reduce(p, inputs.Firms ?? throw new ArgumentException("The scenario has synthetic firms but no firm contributed.", nameof(inputs)), previous, next, state.FirmTotals);
        }

        var gathered = state.Gathered;
        for (var i = 0; i < n; i++)
        {
            gathered.Investment[i] = otherInvestment * Math.Max(0, 1 + (p.ServicesVolatility * CounterRandom.Normal(otherInvestmentKey, block.Start + i)));
        }

        GatherProjects(p, inputs, n, previous, next, gathered);

        Span<double> f = stackalloc double[chains];
        for (var i = 0; i < n; i++)
        {
            var r = block.Start + i;
            for (var c = 0; c < chains; c++)
            {
                f[c] = inputs.Chains[c].FinalDemand[i];
            }

            var industrialOutput = 0.0;
            var valueAdded = 0.0;
            var employment = 0.0;
            var rnd = 0.0;
            for (var c = 0; c < chains; c++)
            {
                var x = 0.0;
                for (var j = 0; j < chains; j++)
                {
                    x += leontief[(c * chains) + j] * f[j];
                }

                var va = x * p.VaRatio;
                var jobs = inputs.Chains[c].Employment[i];
                var chainRnd = inputs.Chains[c].Rnd[i];
                next.Output[(c * n) + i] = x;
                next.Employment[(c * n) + i] = jobs;
                raw[Cell(SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, c), n, i)] = x;
                raw[Cell(SeriesLayout.ChainSeries(SeriesLayout.IndustrialValueAdded, c), n, i)] = va;
                raw[Cell(SeriesLayout.ChainSeries(SeriesLayout.Rnd, c), n, i)] = chainRnd;
                raw[Cell(SeriesLayout.ChainSeries(SeriesLayout.Employment, c), n, i)] = jobs;
                industrialOutput += x;
                valueAdded += va;
                employment += jobs;
                rnd += chainRnd;
            }

            var services = servicesTrend * (1 + (p.ServicesVolatility * CounterRandom.Normal(servicesKey, r)));
            var deviation = (industrialOutput / controlOutput) - 1;
            var newJobs = p.NewUrbanJobs0 / 12 * Math.Max(0, 1 + (p.JobsOutputElasticity * deviation)) * Math.Max(0, 1 + (p.JobsVolatility * CounterRandom.Normal(jobsKey, r)));
            var capital = capitalTrend * Math.Max(0, 1 + (p.CapitalVolatility * CounterRandom.Normal(capitalKey, r)));
            var loans = loansTrend * Math.Max(0, 1 + (p.CapitalVolatility * CounterRandom.Normal(loansKey, r)));

            // Projects were gathered before this loop (see GatherProjects).
            var investment = gathered.Investment[i];
            var coverageGain = gathered.CoverageGain[i];
            var introduced = gathered.Introduced[i];
            var industrialIntroduced = gathered.IndustrialIntroduced[i];
            var started = gathered.Started[i];
            var completed = gathered.Completed[i];

            var certified = Distributions.Poisson(certifications * Math.Pow(Math.Max(rnd, 0) / controlRnd, p.HighTechRndElasticity), CounterRandom.Uniform(certifyKey, r));
            var held = state.HighTechFirms[i];
            var lost = Distributions.Poisson(held * p.HighTechLossRate / 12, CounterRandom.Uniform(lossKey, r));
            state.HighTechFirms[i] = Math.Max(0, held + certified - lost);
            state.SchoolingCoverage[i] = Math.Min(100, state.SchoolingCoverage[i] + coverageGain);

            var povertyIncome = 0.0;
            for (var town = 0; town < ModelParameters.Towns; town++)
            {
                var contribution = inputs.Towns[town];
                raw[Cell(SeriesLayout.TownSeries(SeriesLayout.Employment, town), n, i)] = contribution.Employment[i];
                raw[Cell(SeriesLayout.TownSeries(SeriesLayout.PovertyIncome, town), n, i)] = contribution.PovertyIncome[i];
                povertyIncome += p.TownJobShare[town] * contribution.PovertyIncome[i];
            }

            raw[Cell(SeriesLayout.Gdp, n, i)] = valueAdded + services;
            raw[Cell(SeriesLayout.IndustrialOutput, n, i)] = industrialOutput;
            raw[Cell(SeriesLayout.IndustrialValueAdded, n, i)] = valueAdded;
            raw[Cell(SeriesLayout.InvestmentDisbursed, n, i)] = investment;
            raw[Cell(SeriesLayout.OutsideCapital, n, i)] = capital;
            raw[Cell(SeriesLayout.ProjectsIntroduced, n, i)] = introduced;
            raw[Cell(SeriesLayout.IndustrialProjectsIntroduced, n, i)] = industrialIntroduced;
            raw[Cell(SeriesLayout.ProjectsStarted, n, i)] = started;
            raw[Cell(SeriesLayout.ProjectsCompleted, n, i)] = completed;
            raw[Cell(SeriesLayout.Loans, n, i)] = loans;
            raw[Cell(SeriesLayout.Rnd, n, i)] = rnd;
            raw[Cell(SeriesLayout.HighTech, n, i)] = state.HighTechFirms[i];
            raw[Cell(SeriesLayout.NewUrbanJobs, n, i)] = newJobs;
            raw[Cell(SeriesLayout.Employment, n, i)] = employment;
            raw[Cell(SeriesLayout.PovertyIncome, n, i)] = povertyIncome;
            raw[Cell(SeriesLayout.Livelihood, n, i)] = Math.Clamp(p.LivelihoodShare + (p.LivelihoodVolatility * CounterRandom.Normal(livelihoodKey, r)), 0, 100);
            raw[Cell(SeriesLayout.Schooling, n, i)] = state.SchoolingCoverage[i];
        }
    }

    private static int Cell(int series, int n, int i) => (series * n) + i;

    /// <summary>
    /// Adds every project's contribution to the district's totals: named projects in report order, then the pipelines in
    /// chain order, a fixed order so sums never depend on arrival. The loops run project by project over the whole block
    /// (vectorised across replications) rather than replication by replication over every project: each replication
    /// still receives the same additions in the same order, so the bits are those of the per-replication loop, while
    /// memory is read as a few long streams instead of a hundred and fifty interleaved ones.
    /// </summary>
    private static void GatherProjects(ModelParameters p, DistrictContributions inputs, int n, DistrictSnapshot previous, DistrictSnapshot next, GatheredProjects into)
    {
        into.Introduced.AsSpan().Clear();
        into.IndustrialIntroduced.AsSpan().Clear();
        into.Started.AsSpan().Clear();
        into.Completed.AsSpan().Clear();
        into.CoverageGain.AsSpan().Clear();
        previous.CapacityAdded.CopyTo(next.CapacityAdded, 0);
        previous.TownJobsAdded.CopyTo(next.TownJobsAdded, 0);
        Gather(p, inputs.Projects, n, next, into);
        Gather(p, inputs.Pipelines, n, next, into);
    }

    private static void Gather(ModelParameters p, IReadOnlyList<ProjectContribution> projects, int n, DistrictSnapshot next, GatheredProjects into)
    {
        foreach (var project in projects)
        {
            RollUp.AddInto(project.Investment, into.Investment);
            RollUp.AddInto(project.Introduced, into.Introduced);
            RollUp.AddInto(project.IndustrialIntroduced, into.IndustrialIntroduced);
            RollUp.AddInto(project.Started, into.Started);
            RollUp.AddInto(project.Completed, into.Completed);
            RollUp.AddInto(project.CoverageGain, into.CoverageGain);
            if (project.Chain >= 0)
            {
                RollUp.AddInto(project.CapacityAdded, next.CapacityAdded.AsSpan(project.Chain * n, n));
            }

            // A replication without new jobs adds nothing, not even a zero (0.0 + −0.0 would differ from −0.0).
            var jobs = project.JobsAdded;
            if (project.Town >= 0)
            {
                var row = next.TownJobsAdded.AsSpan(project.Town * n, n);
                for (var i = 0; i < n; i++)
                {
                    if (jobs[i] != 0)
                    {
                        row[i] += jobs[i];
                    }
                }

                continue;
            }

            for (var i = 0; i < n; i++)
            {
                if (jobs[i] == 0)
                {
                    continue;
                }

                for (var town = 0; town < ModelParameters.Towns; town++)
                {
                    next.TownJobsAdded[(town * n) + i] += jobs[i] * p.TownJobShare[town];
                }
            }
        }
    }
}
