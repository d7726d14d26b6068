namespace LiubeiSim.Model.Parameters;

/// <summary>One industry chain's numbers for a run.</summary>
/// <param name="Index">Position in <see cref="District.DistrictIds.Chains"/>: the chain's row and column of the input-output table.</param>
/// <param name="Id">Entity id.</param>
/// <param name="Key">Random-stream key of the chain.</param>
/// <param name="Lever">The lever that sets its final-demand growth (<c>chain.&lt;id&gt;.lever</c>).</param>
/// <param name="Output0">Base-year gross output, 亿元 a year: district output × <c>chain.&lt;id&gt;.output_share</c>.</param>
/// <param name="FinalDemand0">Base-year final demand other than investment, 亿元 a year: (I − A) × base output, less the chain's share of base-year fixed-asset investment.</param>
/// <param name="InvestmentShare">Share of each yuan of the district's fixed-asset investment bought from the chain (<c>chain.&lt;id&gt;.investment_demand_share</c>).</param>
/// <param name="Employment0">Base-year employment: output × <c>chain.&lt;id&gt;.jobs_per_output</c>.</param>
/// <param name="JobsPerOutput">Jobs per 亿元 of annual output.</param>
/// <param name="RndPerOutput">Base-year R&amp;D per 亿元 of output: district R&amp;D × <c>chain.&lt;id&gt;.rnd_share</c> / output.</param>
/// <param name="ValueAddedRatio">Value added per yuan of output, the input-output table's <c>value_added</c> row.</param>
/// <param name="Growth">Final-demand growth in force, % a year: its lever plus the NEV effect on exposed chains.</param>
/// <param name="RndFactor">R&amp;D intensity factor from the NEV transition (1 for unexposed chains).</param>
/// <param name="DemandShock">Multiplier on final demand from demand shocks, by horizon month (1 without).</param>
public sealed record ChainParameters(
    int Index,
    string Id,
    ulong Key,
    string Lever,
    double Output0,
    double FinalDemand0,
    double InvestmentShare,
    double Employment0,
    double JobsPerOutput,
    double RndPerOutput,
    double ValueAddedRatio,
    double Growth,
    double RndFactor,
    double[] DemandShock);
