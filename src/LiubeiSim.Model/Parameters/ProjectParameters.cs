namespace LiubeiSim.Model.Parameters;

/// <summary>A project the report names, with its (assumed) investment, timing, capacity and jobs.</summary>
/// <param name="Index">Position in <see cref="District.DistrictIds.Projects"/>.</param>
/// <param name="Id">Entity id.</param>
/// <param name="Key">Random-stream key.</param>
/// <param name="Chain">Chain index its capacity and jobs belong to, or -1 (urban, education, innovation).</param>
/// <param name="Town">Town index where its jobs are, or -1 when the report does not say (spread by town job shares).</param>
/// <param name="Industrial">An industrial project: counted in the report's started and completed totals and in industrial investment.</param>
/// <param name="Investment">Total investment, 亿元, disbursed along an S-curve between start and completion.</param>
/// <param name="Start">Month index construction starts, or null for a project without a build.</param>
/// <param name="Complete">Planned completion month index, or null.</param>
/// <param name="Capacity">Annual output added to its chain at full production, 亿元 a year.</param>
/// <param name="Jobs">Jobs at full production.</param>
/// <param name="CoverageGain">Points of group-run schooling coverage gained on completion.</param>
/// <param name="Delay">Months of delay in force (lever and delay shocks) for a project still building at the horizon start.</param>
public sealed record ProjectParameters(
    int Index,
    string Id,
    ulong Key,
    int Chain,
    int Town,
    bool Industrial,
    double Investment,
    int? Start,
    int? Complete,
    double Capacity,
    double Jobs,
    double CoverageGain,
    int Delay)
{
    public bool HasTimeline => Start is not null && Complete is not null;
}
