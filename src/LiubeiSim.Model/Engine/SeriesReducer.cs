namespace LiubeiSim.Model.Engine;

/// <summary>How a series' monthly values become the value reported at a month.</summary>
public enum SeriesReducer
{
    /// <summary>Total over the last 12 months of the horizon (flows).</summary>
    Sum,

    /// <summary>The month's own value (stocks).</summary>
    Last,

    /// <summary>Average over the last 12 months (shares).</summary>
    Mean,

    /// <summary>Percent growth of the last 12 months' total over the base year's (an income index whose base year is 1).</summary>
    GrowthOverBase,
}
