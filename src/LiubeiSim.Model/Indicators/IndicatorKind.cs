namespace LiubeiSim.Model.Indicators;

/// <summary>How an indicator's monthly values add up over time.</summary>
public enum IndicatorKind
{
    /// <summary>A flow (output, jobs, capital, loans): the value at a month is the total over the last 12 months of the horizon up to it (or since the horizon start if shorter).</summary>
    Flow,

    /// <summary>A stock (firms, employment): the level at the end of the month.</summary>
    Stock,

    /// <summary>A rate or share in percent (income growth, livelihood share): the value over the last 12 months up to the month.</summary>
    Rate,
}
