using System.Globalization;
using LiubeiSim.Analysis.Design;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Analysis.Sweeps;

/// <summary>
/// One point of a sweep: the base scenario with each factor's value applied as a <c>--set KEY=VALUE</c> setting, and
/// the spec's replications and seed, so the point's scenario is validated exactly like the same values typed by hand.
/// </summary>
/// <param name="Index">The point's number, from 0, in the design's order.</param>
/// <param name="BaseReference">The base scenario's file or built-in name.</param>
/// <param name="Values">The value of each factor as run (whole fields rounded), in factor order.</param>
/// <param name="Settings">The settings applied over the base scenario.</param>
public sealed record SweepPoint(int Index, string BaseReference, IReadOnlyDictionary<string, double> Values, IReadOnlyList<string> Settings)
{
    /// <summary>The points of a design over a spec's factors (<paramref name="design"/>'s factors are the spec's, in order).</summary>
    public static IReadOnlyList<SweepPoint> From(SweepSpec spec, IDesign design)
    {
        var raw = design.Points();
        var points = new SweepPoint[raw.Count];
        for (var p = 0; p < raw.Count; p++)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            // The base settings (--set) first: a point's own factor values come after them.
            var settings = new List<string>(spec.BaseSettings.Count + spec.Factors.Count + 2);
            settings.AddRange(spec.BaseSettings);
            for (var f = 0; f < spec.Factors.Count; f++)
            {
                var factor = spec.Factors[f];
                values[factor.Key] = factor.Applied(raw[p][f]);
                settings.Add(factor.Setting(raw[p][f]));
            }

            settings.Add(string.Create(CultureInfo.InvariantCulture, $"replications={spec.Replications}"));
            settings.Add(string.Create(CultureInfo.InvariantCulture, $"seed={spec.Seed}"));
            points[p] = new SweepPoint(p, spec.BaseReference, values, settings);
        }

        return points;
    }

    /// <summary>The point's scenario, validated; its problems name the setting that caused them.</summary>
    public ScenarioParseResult Resolve() => SweepSpec.ResolveBase(BaseReference, Settings);

    /// <summary>The factor values, e.g. <c>levers.sgmw_demand_growth=10, levers.project_delay_months=4</c>.</summary>
    public string Describe() => string.Join(", ", Values.Select(v => $"{v.Key}={RunReport.Number(v.Value)}"));
}
