namespace LiubeiSim.Model.Engine;

/// <summary>A project the report names, with its (assumed) investment, timing, capacity and jobs.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="Chain">Chain index whose output its capacity adds to, or -1 (urban, education, innovation).</param>
/// <param name="Town">Town index where its jobs are, or -1 when the report does not say (spread by job shares).</param>
/// <param name="CountsAsIndustrial">Counted in the report's started/completed project totals (industrial projects).</param>
/// <param name="Investment">Total investment, 亿元, disbursed along an S-curve between start and completion.</param>
/// <param name="StartIndex">Month index (<see cref="Scenarios.YearMonth.Index"/>) construction starts, or null for projects without a build.</param>
/// <param name="CompleteIndex">Planned completion month index, or null.</param>
/// <param name="Capacity">Annual output added to its chain at full production, 亿元/year, ramped over six months.</param>
/// <param name="Jobs">Jobs at full production.</param>
/// <param name="CoverageGain">Points of group-run schooling coverage gained on completion.</param>
public sealed record NamedProject(
    string Id,
    int Chain,
    int Town,
    bool CountsAsIndustrial,
    double Investment,
    int? StartIndex,
    int? CompleteIndex,
    double Capacity,
    double Jobs,
    double CoverageGain)
{
    public bool HasTimeline => StartIndex is not null && CompleteIndex is not null;
}
