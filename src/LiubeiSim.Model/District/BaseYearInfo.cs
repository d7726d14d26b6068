namespace LiubeiSim.Model.District;

/// <summary>A year a run may start from; every figure that depends on it is named <c>base.&lt;year&gt;.&lt;what&gt;</c>.</summary>
/// <param name="Year">The base year.</param>
/// <param name="Name">What starting from it means.</param>
public sealed record BaseYearInfo(int Year, string Name)
{
    /// <summary>The id of this base year's figure for <paramref name="what"/>, e.g. <c>base.2022.rnd_spending</c>.</summary>
    public string FigureId(string what) => $"base.{Year}.{what}";
}
