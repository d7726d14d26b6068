namespace LiubeiSim.Model.Parameters;

/// <summary>What every chain's step shares: demand noise, employment adjustment and R&amp;D growth.</summary>
/// <param name="DemandVolatility">Stationary spread of a chain's own log demand deviation (<c>model.demand_volatility</c>).</param>
/// <param name="DemandPersistence">AR(1) persistence of the deviations (<c>model.demand_persistence</c>).</param>
/// <param name="MacroVolatility">Stationary spread of the district-wide log deviation (<c>model.macro_volatility</c>).</param>
/// <param name="EmploymentAdjustment">Share of the gap to target employment closed each month (<c>model.employment_adjustment</c>).</param>
/// <param name="EmploymentElasticity">Elasticity of target employment to output (<c>model.employment_output_elasticity</c>).</param>
/// <param name="RndGrowth">Growth of R&amp;D intensity in force, % a year (the <c>rnd_programme_growth</c> lever).</param>
/// <param name="RndVolatility">Monthly spread of R&amp;D spending (<c>model.rnd_volatility</c>).</param>
/// <param name="HalfLogVariance">Half the variance of the summed log deviations after each horizon month (0 with noise off): subtracting it keeps the demand factor's mean at one.</param>
public sealed record ChainDynamics(
    double DemandVolatility,
    double DemandPersistence,
    double MacroVolatility,
    double EmploymentAdjustment,
    double EmploymentElasticity,
    double RndGrowth,
    double RndVolatility,
    double[] HalfLogVariance);
