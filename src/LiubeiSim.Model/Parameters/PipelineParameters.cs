namespace LiubeiSim.Model.Parameters;

/// <summary>The report's unnamed projects of one chain (or the non-industrial ones): arrivals, starts and history.</summary>
/// <param name="Index">Position among the pipelines: one per chain in chain order, then the non-industrial one.</param>
/// <param name="Id">Entity id, <c>pipeline/&lt;chain&gt;</c> or <c>pipeline/services</c>.</param>
/// <param name="Key">Random-stream key.</param>
/// <param name="Chain">The chain its projects' capacity and jobs join, or -1 for the non-industrial pipeline.</param>
/// <param name="IntroducedPerMonth">Expected arrivals a month: the <c>new_projects_per_year</c> lever × industrial share × the chain's output share (or the non-industrial share).</param>
/// <param name="StartShare">Share of arrivals that join the backlog and later start building (<c>projects.start_share</c>, or <c>projects.non_industrial_start_share</c>).</param>
/// <param name="BaseYearStartsPerMonth">Expected starts a month from the base year until the horizon, for the history drawn at set-up.</param>
/// <param name="EarlierStartsPerMonth">Expected starts a month before the base year.</param>
/// <param name="JobsPerCompleted">Jobs a completed project adds: its capacity at its chain's jobs per output (0 for the non-industrial pipeline, whose projects the model does not build).</param>
public sealed record PipelineParameters(
    int Index,
    string Id,
    ulong Key,
    int Chain,
    double IntroducedPerMonth,
    double StartShare,
    double BaseYearStartsPerMonth,
    double EarlierStartsPerMonth,
    double JobsPerCompleted)
{
    public bool Industrial => Chain >= 0;
}
