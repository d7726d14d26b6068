using System.Diagnostics;
using LiubeiSim.Analysis.Design;
using LiubeiSim.Analysis.Sensitivity;
using LiubeiSim.Host.Admission;
using LiubeiSim.Host.Comparisons;
using LiubeiSim.Host.Runs;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Workbench.Compare;

/// <summary>The <c>CompareSensitivity</c> configuration section: how large a lever study the compare page may start.</summary>
public sealed class SensitivitySettings
{
    public const string Section = "CompareSensitivity";

    /// <summary>Morris trajectories r: the study is r(k + 1) runs for k levers; 4 is the smallest that gives σ some meaning.</summary>
    public int Trajectories { get; set; } = 4;

    /// <summary>Replications per run; lowered to keep the whole study within <see cref="CompareSettings.MaxReplicationMonths"/>.</summary>
    public int Replications { get; set; } = 200;

    /// <summary>Studies remembered, oldest forgotten first.</summary>
    public int Retained { get; set; } = 20;
}

/// <summary>One lever's Morris measures for the studied indicator (in its unit, per the lever's whole range).</summary>
public sealed record LeverEffect(string Lever, string Unit, double Min, double Max, double Mu, double MuStar, double Sigma);

/// <summary>A finished lever study of a comparison's alternative for one indicator, effects ranked by μ*.</summary>
public sealed record SensitivityOutcome(string Indicator, string Scope, string Unit, string Scenario, int Trajectories, int Replications, int Runs, ulong Seed, double Seconds, IReadOnlyList<LeverEffect> Effects);

/// <summary>
/// A bounded sensitivity study the compare page starts: Morris elementary effects (<see cref="MorrisDesign"/>,
/// <see cref="MorrisEffects"/>, as <c>liubeisim sensitivity --method morris</c> computes them) with the levers of the
/// compared alternative as factors over their catalog ranges, and the chosen series' mean over replications at the end
/// of the horizon as the output. Its runs are in-process, one after another, inside a comparison slot and a memory
/// lease like a comparison's, and all of them together within <see cref="CompareSettings.MaxReplicationMonths"/>.
/// </summary>
public sealed class LeverSensitivity(ComparisonSlots slots, CompareSettings compare, SensitivitySettings settings, MemoryLeases leases, IHostApplicationLifetime lifetime, TimeProvider time)
{
    private readonly NewestKept<SensitivityOutcome> _studies = new(time, settings.Retained);

    /// <summary>The study of a comparison's series, while this host keeps it.</summary>
    public SensitivityOutcome? Find(string comparisonId, int series) =>
        _studies.TryFind(Key(comparisonId, series), out var outcome) ? outcome : null;

    /// <summary>The levers a study varies: those either side sets, in catalog order.</summary>
    public static IReadOnlyList<LeverDefinition> LeversOf(Scenario a, Scenario b) =>
        LeverCatalog.All.Where(l => a.Levers.ContainsKey(l.Name) || b.Levers.ContainsKey(l.Name)).ToList();

    /// <summary>Replications per run that keep r(k + 1) runs within the comparison budget; 0 when not even 2 fit.</summary>
    public int ReplicationsFor(Scenario scenario, int levers)
    {
        var runs = (long)Math.Max(2, settings.Trajectories) * (levers + 1);
        var perReplication = Math.Max(1, RunCostEstimator.ReplicationMonths(scenario.WithReplications(1)));
        var fit = compare.MaxReplicationMonths / (runs * perReplication);
        var replications = (int)Math.Min(Math.Max(1, settings.Replications), fit);
        return replications < 2 ? 0 : replications;
    }

    /// <summary>Runs the study (null outcome with a reason when it cannot); progress counts runs done of all.</summary>
    public async Task<(SensitivityOutcome? Outcome, string? Refusal)> RunAsync(string comparisonId, Scenario a, Scenario b, SeriesKey series, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var levers = LeversOf(a, b);
        if (levers.Count == 0)
        {
            return (null, "NoLevers");
        }

        // The alternative's own settings (shocks, assumptions, targets) are the base; the levers move around it.
        var scenario = b.WithSeed(a.Seed);
        var replications = ReplicationsFor(scenario, levers.Count);
        if (replications == 0)
        {
            return (null, "OverBudget");
        }

        scenario = scenario.WithReplications(replications);
        var cost = RunCostEstimator.InProcess(scenario);
        if (cost.PeakBytes > leases.Budget.Memory.Bytes || !slots.TryEnter())
        {
            return (null, "Busy");
        }

        try
        {
            var (lease, _) = await leases.TryReserveAsync($"compare-sensitivity/{Guid.NewGuid():N}", cost.PeakBytes, cost.PeakBytes);
            if (lease is null)
            {
                return (null, "Busy");
            }

            await using var held = lease;
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            var trajectories = Math.Max(2, settings.Trajectories);
            var design = new MorrisDesign(levers.Select(l => new Factor(l.Name, l.Min, l.Max)).ToList(), trajectories, scenario.Seed);
            var points = design.Points();
            var clock = Stopwatch.StartNew();

            // A thread of its own, as a comparison's, and runs kept on it: the host's pool serves requests, probes and the silo.
            var outputs = await Task.Factory.StartNew(
                () =>
                {
                    var y = new double[points.Count];
                    for (var p = 0; p < points.Count; p++)
                    {
                        cancel.Token.ThrowIfCancellationRequested();
                        var values = new Dictionary<string, double>(scenario.Levers, StringComparer.Ordinal);
                        for (var f = 0; f < levers.Count; f++)
                        {
                            // Whole-number levers (months of delay) are rounded, as a sweep's --set rounds them.
                            values[levers[f].Name] = levers[f].Whole ? Math.Round(points[p][f]) : points[p][f];
                        }

                        y[p] = InProcessEngine.Run(scenario with { Levers = values }, cancellationToken: cancel.Token, parallel: false).End(series.Index).Mean;
                        progress?.Report((p + 1, points.Count));
                    }

                    return y;
                },
                cancel.Token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            var byName = levers.ToDictionary(l => l.Name, StringComparer.Ordinal);
            var effects = MorrisEffects.Compute(design, outputs)
                .Select(e => new LeverEffect(e.Factor, byName[e.Factor].Unit, byName[e.Factor].Min, byName[e.Factor].Max, e.Mu, e.MuStar, e.Sigma))
                .OrderByDescending(e => e.MuStar)
                .ToList();
            var outcome = new SensitivityOutcome(series.Indicator.Id, series.Scope, series.Indicator.Unit, b.Name, trajectories, replications, points.Count, scenario.Seed, clock.Elapsed.TotalSeconds, effects);
            Keep(Key(comparisonId, series.Index), outcome);
            return (outcome, null);
        }
        catch (Exception e) when (RunStore.Unreachable(e) is not null)
        {
            return (null, "Busy");
        }
        finally
        {
            slots.Exit();
        }
    }

    private void Keep(string key, SensitivityOutcome outcome) => _studies.Keep(key, outcome);

    private static string Key(string comparisonId, int series) => $"{comparisonId}/{series}";
}
