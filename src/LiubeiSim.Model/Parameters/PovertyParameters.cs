namespace LiubeiSim.Model.Parameters;

/// <summary>The income of people lifted out of poverty, as every town's step computes it.</summary>
/// <param name="WageShare">Wages as a share of their net income (<c>model.poverty_wage_share</c>).</param>
/// <param name="WageGrowth">Expected wage growth, % a year (<c>base.&lt;year&gt;.poverty_wage_growth</c>).</param>
/// <param name="OtherGrowth">Expected growth of other income, % a year (<c>base.&lt;year&gt;.poverty_other_income_growth</c>).</param>
/// <param name="JobsElasticity">Elasticity of their wages to their town's jobs against the control (<c>model.poverty_jobs_elasticity</c>).</param>
/// <param name="Volatility">Monthly spread of their income (<c>model.poverty_income_volatility</c>).</param>
public sealed record PovertyParameters(double WageShare, double WageGrowth, double OtherGrowth, double JobsElasticity, double Volatility);
