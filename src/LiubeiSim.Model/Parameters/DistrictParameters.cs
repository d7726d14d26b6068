namespace LiubeiSim.Model.Parameters;

/// <summary>The district's own numbers: GDP outside industry, capital and credit, hiring, innovation and livelihoods.</summary>
/// <param name="Key">Random-stream key of the district.</param>
/// <param name="NonIndustrialGdp0">Base-year GDP outside industry, 亿元 a year.</param>
/// <param name="ServicesGrowth">Its growth in force, % a year (<c>services_growth</c>); other investment and hiring outside industry follow it too.</param>
/// <param name="ServicesVolatility">Monthly spread of GDP outside industry and of other investment.</param>
/// <param name="OutsideCapital0">Base-year out-of-region capital in place, 亿元 a year.</param>
/// <param name="OutsideCapitalGrowth">Its change in force, % a year (<c>outside_capital_growth</c>).</param>
/// <param name="OutsideCapitalShock">Multiplier from outside-capital shocks, by horizon month.</param>
/// <param name="LoansPerYear">桂惠贷 lending in force, 亿元 a year (<c>guihuidai_volume</c>).</param>
/// <param name="CreditShock">Multiplier from credit shocks, by horizon month.</param>
/// <param name="CapitalVolatility">Monthly spread of capital in place and loans.</param>
/// <param name="NonIndustrialInvestment0">Base-year investment outside industry, 亿元 a year: fixed-asset less industrial investment. It follows <paramref name="ServicesGrowth"/>, and the named non-industrial projects' planned spending is part of it.</param>
/// <param name="PlannedNamedOther">The named non-industrial projects' planned spending by horizon month, 亿元: the part of the non-industrial trend they take; what they actually spend replaces it, so only a change to their schedule (a delay, more capital) moves the total.</param>
/// <param name="ReplacementRate">Replacement hiring per year as a share of industrial employment.</param>
/// <param name="ServicesHires0">Base-year hiring outside industry, people a year: the calibrated rest of new urban jobs.</param>
/// <param name="JobsVolatility">Monthly spread of hiring outside industry.</param>
/// <param name="HighTech0">High-tech firms held at the start.</param>
/// <param name="CertificationsPerYear">Expected certifications a year at the control's R&amp;D.</param>
/// <param name="HighTechLossRate">Share of certificates lost a year.</param>
/// <param name="HighTechRndElasticity">Elasticity of certifications to R&amp;D against the control.</param>
/// <param name="LivelihoodShare">Livelihood share of fiscal spending in force, %.</param>
/// <param name="LivelihoodVolatility">Its monthly spread, points.</param>
/// <param name="SchoolingCoverage0">Group-run schooling coverage at the start, %.</param>
/// <param name="Rnd0">Base-year R&amp;D spending, 亿元 a year.</param>
public sealed record DistrictParameters(
    ulong Key,
    double NonIndustrialGdp0,
    double ServicesGrowth,
    double ServicesVolatility,
    double OutsideCapital0,
    double OutsideCapitalGrowth,
    double[] OutsideCapitalShock,
    double LoansPerYear,
    double[] CreditShock,
    double CapitalVolatility,
    double NonIndustrialInvestment0,
    double[] PlannedNamedOther,
    double ReplacementRate,
    double ServicesHires0,
    double JobsVolatility,
    double HighTech0,
    double CertificationsPerYear,
    double HighTechLossRate,
    double HighTechRndElasticity,
    double LivelihoodShare,
    double LivelihoodVolatility,
    double SchoolingCoverage0,
    double Rnd0);
