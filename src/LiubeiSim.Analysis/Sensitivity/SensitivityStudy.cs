using System.Globalization;
using System.Text;
using LiubeiSim.Analysis.Design;
using LiubeiSim.Analysis.Sweeps;

namespace LiubeiSim.Analysis.Sensitivity;

/// <summary>Which sensitivity method a study uses.</summary>
public enum SensitivityMethod
{
    /// <summary>Morris elementary effects (μ*, σ): N trajectories, N(k + 1) runs; a cheap screening.</summary>
    Morris,

    /// <summary>Sobol first-order and total indices with bootstrap intervals: N(k + 2) runs (Saltelli design).</summary>
    Sobol,
}

/// <summary>One factor's sensitivity for one output: Sobol's indices or Morris's measures (the other method's left null).</summary>
public sealed record SensitivityRow(
    SweepOutput Output,
    string Factor,
    SensitivityMethod Method,
    SobolIndex? Sobol,
    MorrisEffect? Morris)
{
    /// <summary>What ranks factors and sizes the tornado's bars: the total index, or μ*.</summary>
    public double Importance => Sobol?.Total ?? Morris!.MuStar;
}

/// <summary>
/// A sensitivity analysis of a sweep spec: the spec's factors over their ranges (a listed factor from its smallest
/// to its largest value), its seed for every run (common random numbers), and for each of its outputs the model output
/// taken as the <b>mean over replications at the end of the horizon</b> of each design point. The mean, not the P50:
/// it is a smooth function of the factors, where a P50 moves in steps between replications, and the Sobol variance
/// decomposition is defined for expectations.
/// </summary>
public sealed class SensitivityStudy
{
    public const string MorrisName = "morris";
    public const string SobolName = "sobol";

    /// <summary>The levels of the Morris grid.</summary>
    public const int MorrisLevels = MorrisDesign.DefaultLevels;

    private SensitivityStudy(SweepSpec spec, SensitivityMethod method, int samples, IDesign design)
    {
        Spec = spec;
        Method = method;
        Samples = samples;
        Design = design;
        Points = SweepPoint.From(spec, design);
    }

    public SweepSpec Spec { get; }

    public SensitivityMethod Method { get; }

    /// <summary>N: the base sample size (Sobol) or the number of trajectories (Morris).</summary>
    public int Samples { get; }

    /// <summary>The <see cref="SaltelliDesign"/> or <see cref="MorrisDesign"/>.</summary>
    public IDesign Design { get; }

    public IReadOnlyList<SweepPoint> Points { get; }

    public string MethodName => Name(Method);

    public static string Name(SensitivityMethod method) => method == SensitivityMethod.Sobol ? SobolName : MorrisName;

    /// <summary>Runs a study needs: N(k + 2) for Sobol, N(k + 1) for Morris.</summary>
    public static long RunsFor(SensitivityMethod method, int samples, int factors) =>
        (long)samples * (factors + (method == SensitivityMethod.Sobol ? 2 : 1));

    /// <exception cref="ArgumentException">The spec has no outputs, or N is too small for the method.</exception>
    public static SensitivityStudy Create(SweepSpec spec, SensitivityMethod method, int samples)
    {
        if (spec.Outputs.Count == 0)
        {
            throw new ArgumentException($"{spec.File}: a sensitivity analysis needs outputs: [indicator, ...], the indicators whose variation it explains.", nameof(spec));
        }

        // The sampling designs read only the range; a grid's listed values or steps do not matter here.
        var factors = spec.Factors.Select(f => new Factor(f.Key, f.Factor.Min, f.Factor.Max)).ToArray();
        IDesign design = method == SensitivityMethod.Sobol
            ? new SaltelliDesign(factors, samples)
            : new MorrisDesign(factors, samples, spec.Seed, MorrisLevels);
        return new SensitivityStudy(spec, method, samples, design);
    }

    /// <summary>
    /// The indices of every factor for every output, each output's factors ranked by importance (total index or μ*),
    /// from the points' summaries in point order.
    /// </summary>
    public IReadOnlyList<SensitivityRow> Compute(IReadOnlyList<PointSummary> summaries)
    {
        if (summaries.Count != Points.Count)
        {
            throw new ArgumentException($"{Points.Count} points but {summaries.Count} summaries.", nameof(summaries));
        }

        var rows = new List<SensitivityRow>();
        foreach (var output in Spec.Outputs)
        {
            var y = summaries.Select(s => s.Mean[output.Series]).ToArray();
            var forOutput = Method == SensitivityMethod.Sobol
                ? SobolIndices.Compute((SaltelliDesign)Design, y, Spec.Seed).Select(i => new SensitivityRow(output, i.Factor, Method, i, null))
                : MorrisEffects.Compute((MorrisDesign)Design, y).Select(e => new SensitivityRow(output, e.Factor, Method, null, e));

            // Stable: equal importances keep the spec's factor order.
            rows.AddRange(forOutput.OrderByDescending(r => r.Importance));
        }

        return rows;
    }

    /// <summary>
    /// indices.csv: <c>output,factor,method,first,first_ci_low,first_ci_high,total,total_ci_low,total_ci_high</c>
    /// (Sobol) or <c>output,factor,method,mu_star,sigma</c> (Morris); rows as ranked, numbers in round-trip form.
    /// </summary>
    public static string IndicesCsv(SensitivityMethod method, IReadOnlyList<SensitivityRow> rows)
    {
        var text = new StringBuilder();
        text.Append(method == SensitivityMethod.Sobol
            ? "output,factor,method,first,first_ci_low,first_ci_high,total,total_ci_low,total_ci_high\n"
            : "output,factor,method,mu_star,sigma\n");
        foreach (var row in rows)
        {
            text.Append(row.Output.Label).Append(',').Append(row.Factor).Append(',').Append(Name(method));
            double[] values = row.Sobol is { } s
                ? [s.First, s.FirstCiLow, s.FirstCiHigh, s.Total, s.TotalCiLow, s.TotalCiHigh]
                : [row.Morris!.MuStar, row.Morris.Sigma];
            foreach (var value in values)
            {
                text.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
