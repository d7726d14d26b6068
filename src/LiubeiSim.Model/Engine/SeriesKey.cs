using LiubeiSim.Model.Indicators;

namespace LiubeiSim.Model.Engine;

/// <summary>One output series: an indicator for one scope (<c>district</c>, a chain id or a town id).</summary>
public sealed record SeriesKey(int Index, IndicatorDefinition Indicator, string Scope, SeriesReducer Reducer)
{
    public const string DistrictScope = "district";
}
