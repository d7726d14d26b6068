using System.Globalization;
using LiubeiSim.Analysis.Design;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Analysis.Sweeps;

/// <summary>How a sweep spec chooses its points.</summary>
public enum SweepDesignKind
{
    /// <summary>Every combination of the factors' values (<see cref="GridDesign"/>).</summary>
    Grid,

    /// <summary>A Latin hypercube of <c>samples</c> points over the factors' ranges, seeded by the spec's seed.</summary>
    LatinHypercube,

    /// <summary>The first <c>samples</c> points of the Sobol sequence over the factors' ranges.</summary>
    Sobol,
}

/// <summary>
/// One factor of a sweep: a setting key (<c>levers.X</c>, <c>assumptions.ID</c>, <c>horizon.months</c>,
/// <c>synthetic_firms</c>) and its values or range, already checked against the base scenario.
/// </summary>
/// <param name="Factor">The design's factor, named by the key.</param>
/// <param name="Whole">The field takes whole numbers only: values a sampling design draws are rounded to the nearest one.</param>
public sealed record SweepFactor(Factor Factor, bool Whole)
{
    public string Key => Factor.Name;

    /// <summary>The value a point runs at: sampled values of a whole field rounded (half away from zero), others as they are.</summary>
    public double Applied(double value) => Whole ? Math.Round(value, MidpointRounding.AwayFromZero) : value;

    /// <summary>The <c>KEY=VALUE</c> setting that applies a value to the base scenario, in round-trip form.</summary>
    public string Setting(double value) => $"{Key}={RunReport.Number(Applied(value))}";
}

/// <summary>An indicator read at one scope, written <c>indicator</c> (the district) or <c>indicator@scope</c>.</summary>
public sealed record SweepOutput(string Indicator, string Scope, int Series)
{
    public string Label => Scope == SeriesKey.DistrictScope ? Indicator : $"{Indicator}@{Scope}";

    public string Unit => SeriesLayout.All[Series].Indicator.Unit;
}

/// <summary>A validated sweep spec (see <see cref="SweepSpecParser"/> and docs/analysis.md).</summary>
/// <param name="File">The spec file as named.</param>
/// <param name="Text">The spec's text, echoed into sweep.json.</param>
/// <param name="Base">The <c>base</c> as written.</param>
/// <param name="BaseReference">What <see cref="ScenarioLibrary.Resolve"/> is given: the scenario file (resolved against the spec's folder) or the built-in name.</param>
/// <param name="BaseScenario">The base scenario, valid.</param>
/// <param name="Replications">Replications of every point.</param>
/// <param name="Seed">The seed of every point (common random numbers), and of a Latin hypercube's draws.</param>
/// <param name="Design">How points are chosen.</param>
/// <param name="Samples">Points of an lhs or sobol design; the base sample size of a sensitivity analysis. Null when not given.</param>
/// <param name="Factors">The factors, in file order.</param>
/// <param name="Outputs">The indicators a sensitivity analyses and a sweep's summary table shows.</param>
public sealed record SweepSpec(
    string File,
    string Text,
    string Base,
    string BaseReference,
    Scenario BaseScenario,
    int Replications,
    ulong Seed,
    SweepDesignKind Design,
    int? Samples,
    IReadOnlyList<SweepFactor> Factors,
    IReadOnlyList<SweepOutput> Outputs)
{
    /// <summary>
    /// The base scenario with settings: a rooted reference is the spec's scenario file, anything else a built-in name,
    /// never a file of that name in the working directory (the HTTP API must not open paths on the server).
    /// </summary>
    public static ScenarioParseResult ResolveBase(string reference, IReadOnlyList<string> settings) =>
        Path.IsPathRooted(reference) ? ScenarioParser.ParseFile(reference, settings) : ScenarioLibrary.ResolveBuiltIn(reference, settings);

    /// <summary>Settings over the base scenario for every point (the CLI's <c>--set</c>), applied before the factors'.</summary>
    public IReadOnlyList<string> BaseSettings { get; init; } = [];

    /// <summary>
    /// This spec with <c>--set</c> settings over its base scenario, validated like a scenario's; a setting of a factor
    /// (which every point sets itself) or of the spec's own seed or replications is refused.
    /// </summary>
    public (SweepSpec? Spec, IReadOnlyList<ScenarioProblem> Problems) WithBaseSettings(IReadOnlyList<string> settings)
    {
        if (settings.Count == 0)
        {
            return (this, []);
        }

        var refused = new List<ScenarioProblem>();
        foreach (var setting in settings)
        {
            var key = ScenarioSettings.Split(setting)?.Key;
            var why = key is "seed" or "replications"
                ? $"{key} is the spec's own `{key}:`, the same for every point"
                : Factors.Any(f => f.Key == key) ? $"{key} is a factor of the sweep: every point sets it" : null;
            if (why is not null)
            {
                refused.Add(new ScenarioProblem($"--set {setting}", 0, 0, key!, why, "a lever, assumption or field that is not a factor"));
            }
        }

        if (refused.Count > 0)
        {
            return (null, refused);
        }

        var parsed = ResolveBase(BaseReference, settings);
        return parsed.IsValid ? (this with { BaseSettings = [.. settings], BaseScenario = parsed.Scenario }, []) : (null, parsed.Problems);
    }

    public const string GridName = "grid";
    public const string LatinHypercubeName = "lhs";
    public const string SobolName = "sobol";

    public IReadOnlyList<string> FactorNames => [.. Factors.Select(f => f.Key)];

    public int Months => BaseScenario.Months;

    public string DesignName => Name(Design);

    public static string Name(SweepDesignKind design) => design switch
    {
        SweepDesignKind.Grid => GridName,
        SweepDesignKind.LatinHypercube => LatinHypercubeName,
        _ => SobolName,
    };

    /// <summary>The design of the sweep's points.</summary>
    public IDesign CreateDesign()
    {
        var factors = Factors.Select(f => f.Factor).ToArray();
        return Design switch
        {
            SweepDesignKind.Grid => new GridDesign(factors),
            SweepDesignKind.LatinHypercube => new LatinHypercubeDesign(factors, Samples!.Value, Seed),
            _ => new SobolDesign(factors, Samples!.Value),
        };
    }

    /// <summary>Every point of the sweep, each the base scenario with the factor values applied as settings.</summary>
    public IReadOnlyList<SweepPoint> Points() => SweepPoint.From(this, CreateDesign());

    /// <summary>How many points the design has, without building them (a grid's product of steps, else the samples).</summary>
    public long PointCount => Design == SweepDesignKind.Grid
        ? Factors.Aggregate(1L, (n, f) => n * f.Factor.GridValues().Count)
        : Samples ?? 0;

}
