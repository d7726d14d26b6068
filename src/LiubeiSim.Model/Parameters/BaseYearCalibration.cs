namespace LiubeiSim.Model.Parameters;

/// <summary>
/// The numbers the model calibrates from the base year's totals, so that the base year adds up: investment by its
/// parts, and new urban jobs by theirs. Each is computed from declared figures by the identities in docs/model.md.
/// </summary>
/// <param name="FixedAssetInvestment">The base year's fixed-asset investment (<c>base.&lt;year&gt;.fixed_asset_investment</c>).</param>
/// <param name="IndustrialInvestment">Its industrial part (<c>base.&lt;year&gt;.industrial_investment</c>).</param>
/// <param name="NamedIndustrial">What the named industrial projects spent in the base year, on their planned schedules.</param>
/// <param name="NamedOther">What the named non-industrial projects spent in the base year.</param>
/// <param name="PipelineProjectsBuilding">Pipeline projects' base-year spending, in whole projects (expected starts × S-curve shares).</param>
/// <param name="PipelineInvestment">Pipeline spending in the base year: industrial investment less the named industrial projects.</param>
/// <param name="OtherInvestment">Everything else: fixed-asset investment less industrial investment and the named non-industrial projects.</param>
/// <param name="ReplacementHires">Industrial hiring to replace leavers in the base year.</param>
/// <param name="ServicesHires">Hiring outside industry: new urban jobs less replacement hiring and net industrial job creation.</param>
public sealed record BaseYearCalibration(
    double FixedAssetInvestment,
    double IndustrialInvestment,
    double NamedIndustrial,
    double NamedOther,
    double PipelineProjectsBuilding,
    double PipelineInvestment,
    double OtherInvestment,
    double ReplacementHires,
    double ServicesHires);
