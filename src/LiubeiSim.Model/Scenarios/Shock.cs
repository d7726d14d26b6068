namespace LiubeiSim.Model.Scenarios;

/// <summary>What a shock changes.</summary>
public enum ShockVariable
{
    /// <summary>Final demand for a chain's products, percent change (target: a chain).</summary>
    Demand,

    /// <summary>Months of delay added to a project (target: a project) or to all pipeline projects (target: the district).</summary>
    Delay,

    /// <summary>Out-of-region capital in place, percent change (target: the district).</summary>
    OutsideCapital,

    /// <summary>桂惠贷 lending, percent change (target: the district).</summary>
    Credit,
}

/// <summary>A timed shock: from a month, for a number of months, a change to one variable of one entity.</summary>
/// <param name="Name">Label for reports.</param>
/// <param name="Target">Entity id (a chain, a project, or <c>liubei</c>).</param>
/// <param name="Variable">What changes.</param>
/// <param name="From">First month the shock applies.</param>
/// <param name="Months">How many months it lasts.</param>
/// <param name="Change">Percent change (demand, outside_capital, credit) or months (delay).</param>
public sealed record Shock(string Name, string Target, ShockVariable Variable, YearMonth From, int Months, double Change)
{
    public bool AppliesTo(YearMonth month) => month.Index >= From.Index && month.Index < From.Index + Months;
}
