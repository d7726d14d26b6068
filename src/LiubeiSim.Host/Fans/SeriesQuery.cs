using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Fans;

/// <summary>
/// The <c>indicator</c> and <c>scope</c> query parameters of a fan chart, resolved to an output series, or a 400
/// problem that names what exists and the nearest spelling.
/// </summary>
public static class SeriesQuery
{
    public static (SeriesKey? Series, IResult? Problem) Resolve(string? indicator, string? scope)
    {
        var indicators = IndicatorCatalog.All.Select(i => i.Id).ToList();
        if (string.IsNullOrWhiteSpace(indicator))
        {
            return (null, Invalid("The indicator is missing.", $"Give ?indicator=ID, one of: {string.Join(", ", indicators)}."));
        }

        if (!IndicatorCatalog.TryGet(indicator, out _))
        {
            return (null, Invalid("No such indicator.", $"No indicator '{indicator}'{NameSuggester.Hint(indicator, indicators)}. Indicators: {string.Join(", ", indicators)}."));
        }

        var scopes = SeriesLayout.All.Where(k => k.Indicator.Id == indicator).Select(k => k.Scope).ToList();
        scope = string.IsNullOrWhiteSpace(scope) ? SeriesKey.DistrictScope : scope;
        var index = SeriesLayout.IndexOf(indicator, scope);
        if (index < 0)
        {
            // The district's entity id is accepted too (scenario files may use it); the suggestions stay with the output names.
            return (null, Invalid("No such scope for this indicator.", $"{indicator} has no scope '{scope}'{NameSuggester.Hint(scope, scopes)}. Its scopes: {string.Join(", ", scopes)} ({DistrictIds.District} also names the district)."));
        }

        return (SeriesLayout.All[index], null);
    }

    private static IResult Invalid(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
