using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// Every number one run needs, resolved once from the base-year dataset, the scenario's levers and shocks
/// and the input-output table. Immutable and deterministic: every engine, silo and shard builds the same one.
/// </summary>
public sealed partial class ModelParameters
{
    public const int Chains = 6;
    public const int Towns = 6;

    /// <summary>Pipelines: one per chain for industrial projects, and one for the non-industrial projects introduced.</summary>
    public const int Pipelines = Chains + 1;

    public const int ServicesPipeline = Chains;

    /// <summary>Months of ramp-up from a project's completion to full production.</summary>
    public const int RampMonths = 6;

    public required Scenario Scenario { get; init; }

    public required IoTable Io { get; init; }

    public int BaseYear => Scenario.BaseYear;

    public int Months => Scenario.Months;

    public ulong Seed => Scenario.Seed;

    /// <summary>Month index of the first simulated month.</summary>
    public int HorizonStart => Scenario.Start.Index;

    /// <summary>Lever values in force (scenario value, else the base year's default), by lever name.</summary>
    public required IReadOnlyDictionary<string, double> Levers { get; init; }

    /// <summary>The scenario's synthetic firms (none unless it asks for them).</summary>
    public FirmPopulation Firms { get; init; } = FirmPopulation.None;

    /// <summary>Monthly volatility of a synthetic firm's own output shock.</summary>
    public double FirmVolatility { get; init; }

    // ---- chains ----
    public required double[] ChainOutput0 { get; init; }
    public required double[] FinalDemand0 { get; init; }
    public required double[] ChainGrowth { get; init; }
    public required double[] JobsPerOutput { get; init; }
    public required double[] Employment0 { get; init; }
    public required double[] RndPerOutput { get; init; }
    public required double VaRatio { get; init; }

    /// <summary>Demand multiplier from shocks, [chain * Months + month].</summary>
    public required double[] DemandShock { get; init; }

    /// <summary>Monthly output on the expected path (levers, no shocks, no noise, no new capacity), [chain * Months + month].</summary>
    public required double[] ControlOutput { get; init; }

    /// <summary>Employment on the expected path, [chain * Months + month].</summary>
    public required double[] ControlEmployment { get; init; }

    /// <summary>District R&amp;D on the expected path, by month.</summary>
    public required double[] ControlRnd { get; init; }

    public required double DemandVolatility { get; init; }
    public required double DemandPersistence { get; init; }
    public required double MacroVolatility { get; init; }
    public required double EmploymentAdjustment { get; init; }
    public required double EmploymentElasticity { get; init; }
    public required double RndGrowth { get; init; }
    public required double RndVolatility { get; init; }
    public required double AutoRndFactor { get; init; }

    // ---- district ----
    public required double NonIndustrialGdp0 { get; init; }
    public required double ServicesGrowth { get; init; }
    public required double ServicesVolatility { get; init; }
    public required double OutsideCapital0 { get; init; }
    public required double OutsideCapitalGrowth { get; init; }

    /// <summary>Multiplier on capital in place from shocks, by month.</summary>
    public required double[] OutsideCapitalShock { get; init; }

    public required double LoansPerYear { get; init; }

    /// <summary>Multiplier on 桂惠贷 lending from shocks, by month.</summary>
    public required double[] CreditShock { get; init; }

    public required double CapitalVolatility { get; init; }

    /// <summary>Project investment multiplier from outside capital and credit, by month (deterministic).</summary>
    public required double[] InvestmentScale { get; init; }

    public required double OtherInvestment0 { get; init; }
    public required double NewUrbanJobs0 { get; init; }
    public required double JobsOutputElasticity { get; init; }
    public required double JobsVolatility { get; init; }
    public required double HighTech0 { get; init; }
    public required double CertificationsPerYear { get; init; }
    public required double HighTechLossRate { get; init; }
    public required double HighTechRndElasticity { get; init; }
    public required double LivelihoodShare { get; init; }
    public required double LivelihoodVolatility { get; init; }
    public required double SchoolingCoverage0 { get; init; }

    // ---- towns ----
    public required double[] TownJobShare { get; init; }
    public required double PovertyWageShare { get; init; }
    public required double PovertyWageGrowth { get; init; }
    public required double PovertyOtherGrowth { get; init; }
    public required double PovertyJobsElasticity { get; init; }
    public required double PovertyVolatility { get; init; }

    // ---- projects ----
    public required NamedProject[] NamedProjects { get; init; }
    public required double[] PipelineIntroducedPerMonth { get; init; }
    public required double[] PipelineHistoryStartsPerMonth { get; init; }
    public required double[] PipelineHistoryStartsPerMonthEarlier { get; init; }
    public required double StartShare { get; init; }
    public required double StartLagMonths { get; init; }
    public required double ConstructionMonths { get; init; }
    public required double ConstructionJitter { get; init; }
    public required double InvestmentPerStarted { get; init; }
    public required double CapacityPerCompleted { get; init; }
    public required double JobsPerCompleted { get; init; }
    public required int DelayMonths { get; init; }

    /// <summary>Delay shocks, by target: a project id, or <see cref="DistrictIds.District"/> for every project.</summary>
    public required IReadOnlyList<Shock> DelayShocks { get; init; }

    /// <summary>Years since the base year for a month index: 1 in the year after the base, 2 the one after.</summary>
    public int YearsAfterBase(int monthIndex) => Math.Max(1, (monthIndex / 12) - BaseYear);

    /// <summary>Annual growth factor (1 + g/100)^years for a month index.</summary>
    public double Growth(double percent, int monthIndex) => Math.Pow(1 + (percent / 100), YearsAfterBase(monthIndex));

    /// <summary>Months of delay the shocks add to a project or cohort whose construction spans [start, end).</summary>
    public int ShockDelay(string target, int start, int end)
    {
        var extra = 0.0;
        foreach (var shock in DelayShocks)
        {
            if (!string.Equals(shock.Target, target, StringComparison.Ordinal) && !string.Equals(shock.Target, DistrictIds.District, StringComparison.Ordinal))
            {
                continue;
            }

            var from = shock.From.Index;
            var to = from + shock.Months;
            if (start < to && end > from)
            {
                extra += shock.Change;
            }
        }

        return (int)Math.Round(extra, MidpointRounding.AwayFromZero);
    }

    /// <summary>Share of an S-curve (smoothstep) spend falling in month <paramref name="k"/> of a build lasting <paramref name="duration"/> months.</summary>
    public static double SCurve(int k, int duration)
    {
        if (duration <= 0 || k < 0 || k >= duration)
        {
            return 0;
        }

        static double F(double u) => u * u * (3 - (2 * u));
        return F((k + 1.0) / duration) - F((double)k / duration);
    }
}
