using System.Runtime.CompilerServices;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Parameters;

/// <summary>What named projects and pipelines share: build times, ramp-up, sizes, funding and delays.</summary>
/// <param name="StartLagMonths">Mean months from arrival to start (<c>model.start_lag_months</c>).</param>
/// <param name="ConstructionMonths">Typical build of a pipeline project (<c>model.construction_months</c>).</param>
/// <param name="ConstructionJitter">Relative spread of build times (<c>model.construction_jitter</c>).</param>
/// <param name="MinConstructionMonths">Shortest pipeline build (<c>model.construction_months_min</c>).</param>
/// <param name="MaxConstructionMonths">Longest pipeline build before delays (<c>model.construction_months_max</c>).</param>
/// <param name="RampMonths">Months from completion to full production (<c>model.ramp_months</c>).</param>
/// <param name="InvestmentPerProject">Investment of one pipeline project, 亿元: calibrated so that the base year's industrial investment is named plus pipeline spending.</param>
/// <param name="CapacityPerCompleted">Annual output a completed pipeline project adds (<c>model.capacity_per_completed</c>).</param>
/// <param name="ArrivalScale">Multiplier on the pipelines' arrivals from outside capital and 桂惠贷 credit against the control's, by horizon month (1 in the control): more money in place brings more projects, each of its own size.</param>
/// <param name="DelayMonths">Months of delay from the <c>project_delay_months</c> lever.</param>
/// <param name="DelayShocks">The scenario's delay shocks.</param>
public sealed record ProjectDynamics(
    double StartLagMonths,
    double ConstructionMonths,
    double ConstructionJitter,
    int MinConstructionMonths,
    int MaxConstructionMonths,
    int RampMonths,
    double InvestmentPerProject,
    double CapacityPerCompleted,
    double[] ArrivalScale,
    int DelayMonths,
    IReadOnlyList<Shock> DelayShocks)
{
    /// <summary>The most delay any project can get: the lever plus every positive delay shock.</summary>
    public int MaxDelay => DelayMonths + DelayShocks.Sum(s => (int)Math.Ceiling(Math.Max(0, s.Change)));

    /// <summary>Months of delay the shocks add to a project (or to a pipeline cohort, <paramref name="target"/> = the district) building over [start, end).</summary>
    public int ShockDelay(string target, int start, int end)
    {
        var extra = 0.0;
        foreach (var shock in DelayShocks)
        {
            if (!string.Equals(shock.Target, target, StringComparison.Ordinal) && !string.Equals(shock.Target, DistrictIds.District, StringComparison.Ordinal))
            {
                continue;
            }

            var from = shock.From.Index;
            if (start < from + shock.Months && end > from)
            {
                extra += shock.Change;
            }
        }

        return (int)Math.Round(extra, MidpointRounding.AwayFromZero);
    }

    /// <summary>Builds up to this many months read their S-curve from <see cref="SCurveShares"/>; longer ones compute it.</summary>
    private const int SCurveTableMonths = 64;

    /// <summary>
    /// Every month's share of every build of up to <see cref="SCurveTableMonths"/> months, build d's month k at
    /// d(d − 1)/2 + k, computed by <see cref="SCurveShare"/> itself: a lookup gives its bits without its two divisions,
    /// and the pipelines' schedules ask for one share per cohort and month.
    /// </summary>
    private static readonly double[] SCurveShares = BuildSCurveShares();

    /// <summary>Share of an S-curve (smoothstep) spend falling in month <paramref name="k"/> of a build lasting <paramref name="duration"/> months.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SCurve(int k, int duration)
    {
        if (duration <= 0 || k < 0 || k >= duration)
        {
            return 0;
        }

        return duration <= SCurveTableMonths ? SCurveShares[(duration * (duration - 1) / 2) + k] : SCurveShare(k, duration);
    }

    /// <summary>
    /// Every month's share of a build of <paramref name="duration"/> months (month k at [k]), the values
    /// <see cref="SCurve"/> returns, or empty for a build longer than the table (ask <see cref="SCurve"/> then).
    /// </summary>
    internal static ReadOnlySpan<double> SCurveRow(int duration) =>
        duration >= 1 && duration <= SCurveTableMonths ? SCurveShares.AsSpan(duration * (duration - 1) / 2, duration) : [];

    private static double SCurveShare(int k, int duration) => Smoothstep((k + 1.0) / duration) - Smoothstep((double)k / duration);

    private static double[] BuildSCurveShares()
    {
        var shares = new double[SCurveTableMonths * (SCurveTableMonths + 1) / 2];
        for (var duration = 1; duration <= SCurveTableMonths; duration++)
        {
            for (var k = 0; k < duration; k++)
            {
                shares[(duration * (duration - 1) / 2) + k] = SCurveShare(k, duration);
            }
        }

        return shares;
    }

    /// <summary>
    /// Share of a build's investment spent in month index <paramref name="t"/>. The build was planned over
    /// [<paramref name="start"/>, <paramref name="plannedEnd"/>) along an S-curve (smoothstep of progress); from month
    /// <paramref name="from"/> on, what the plan had left is stretched (or squeezed) to end at <paramref name="end"/>
    /// instead. What was spent before <paramref name="from"/> stays spent, so a delay decided then only slows the rest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Spend(int t, int start, int plannedEnd, int from, int end)
    {
        // Most builds run as planned, or had spent nothing when the plan changed: one S-curve, as cheap as it gets.
        if (end == plannedEnd || from <= start)
        {
            return SCurve(t - start, end - start);
        }

        var planned = plannedEnd - start;
        if (planned <= 0 || t < start || t >= Math.Max(end, from))
        {
            return 0;
        }

        var progressAtFrom = Math.Min(1, (double)(from - start) / planned);
        double Progress(int month) => month <= from
            ? (double)(month - start) / planned
            : end > from ? progressAtFrom + ((double)(month - from) / (end - from) * (1 - progressAtFrom)) : 1;
        return Smoothstep(Math.Min(1, Progress(t + 1))) - Smoothstep(Math.Min(1, Progress(t)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Smoothstep(double u) => u * u * (3 - (2 * u));
}
