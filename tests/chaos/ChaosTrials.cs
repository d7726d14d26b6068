using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Chaos;

/// <summary>What a trial does to the cluster while the run is under way.</summary>
public enum TrialKind
{
    /// <summary>kill -9 of a silo chosen at random, at a random month, then start it again.</summary>
    KillRandom,

    /// <summary>kill -9 of the silo whose log says it holds the run's grain, then start it again.</summary>
    KillRunGrain,

    /// <summary>SIGTERM each silo in turn, waiting for it to leave and for its replacement to be ready.</summary>
    Rolling,
}

/// <summary>The run every trial makes: long enough that a silo dies while it is under way.</summary>
public sealed record ChaosRun(string Scenario, int Replications, int Months, ulong Seed, int Shards)
{
    public static ChaosRun Default { get; } = new("baseline-2023", 6_000, 36, 20230101, 9);

    public string[] Settings => [$"horizon.months={Months}"];

    public override string ToString() => $"{Scenario}, {Replications:N0} replications x {Months} months, seed {Seed}, {Shards} shards";

    public Scenario Resolve() =>
        ScenarioLibrary.ResolveBuiltIn(Scenario, Settings).Scenario?.WithReplications(Replications).WithSeed(Seed)
            ?? throw new InvalidOperationException($"{Scenario} with {string.Join(", ", Settings)} is not a valid scenario.");
}

public sealed record TrialOutcome(int Number, TrialKind Kind, bool Identical, string Detail, double RunSeconds, double? RecoverySeconds, int? Silo, int? Month)
{
    public override string ToString() =>
        $"trial {Number} ({Kind}): {(Identical ? "identical" : "DIFFERENT")}; {Detail}; run {RunSeconds:0.0} s" +
        (RecoverySeconds is { } r ? $"; recovery began {r:0.0} s after the kill" : string.Empty);
}

/// <summary>Runs trials on a <see cref="ChaosCluster"/> and compares each run's files with the in-process engine's.</summary>
public sealed partial class ChaosTrials(ChaosCluster cluster, ChaosRun run, TextWriter log)
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(90);

    private string? _indicators;
    private string? _targets;

    /// <summary>The undisturbed answer, from the in-process engine (computed once).</summary>
    public (string Indicators, string Targets) Reference()
    {
        if (_indicators is null || _targets is null)
        {
            var result = InProcessEngine.Run(run.Resolve());
            _indicators = RunReport.IndicatorsCsv(result);
            _targets = RunReport.TargetsCsv(result);
        }

        return (_indicators, _targets);
    }

    /// <summary>A run with nothing done to the cluster: its duration is the yardstick for the slowdown.</summary>
    public async Task<TrialOutcome> UndisturbedAsync(int number, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var id = await SubmitAsync(cancellationToken);
        await WaitForEndAsync(id, null, cancellationToken);
        return await CompareAsync(number, TrialKind.KillRandom, id, clock.Elapsed.TotalSeconds, "undisturbed", null, null, null, cancellationToken);
    }

    public async Task<TrialOutcome> RunAsync(int number, TrialKind kind, Random random, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var id = await SubmitAsync(cancellationToken);

        // A month in the first two-thirds, so the kill lands while the run has months to go.
        var month = random.Next(1, Math.Max(2, run.Months * 2 / 3));
        await WaitForMonthAsync(id, month, cancellationToken);

        if (kind == TrialKind.Rolling)
        {
            for (var i = 0; i < ChaosCluster.Silos; i++)
            {
                await cluster.SiloProcesses[i].TerminateAsync(StopLimit, cancellationToken);
                await cluster.RestartAsync(i, cancellationToken);
                log.WriteLine($"  trial {number}: silo {i} restarted at {clock.Elapsed.TotalSeconds:0.0} s");
            }

            await WaitForEndAsync(id, null, cancellationToken);
            return await CompareAsync(number, kind, id, clock.Elapsed.TotalSeconds, $"rolling restart of all {ChaosCluster.Silos} silos from month {month}", null, null, month, cancellationToken);
        }

        var victim = kind == TrialKind.KillRunGrain ? HolderOfRun(id) : random.Next(ChaosCluster.Silos);
        var killedAt = DateTime.UtcNow;
        cluster.SiloProcesses[victim].Kill();
        log.WriteLine($"  trial {number}: kill -9 silo {victim} at month {month} ({clock.Elapsed.TotalSeconds:0.0} s)");

        // Restarted at once, as a supervisor would: the cluster must also take the new incarnation on the same ports.
        await cluster.RestartAsync(victim, cancellationToken);
        await WaitForEndAsync(id, victim, cancellationToken);
        var recovery = cluster.SiloProcesses
            .Select(s => s.FirstLine(RecoveryLine(id), killedAt))
            .Where(at => at is not null)
            .Min();
        var held = kind == TrialKind.KillRunGrain ? "held the run's grain" : "random";
        return await CompareAsync(number, kind, id, clock.Elapsed.TotalSeconds, $"kill -9 of silo {victim} ({held}) at month {month}", (recovery - killedAt)?.TotalSeconds, victim, month, cancellationToken);
    }

    private async Task<string> SubmitAsync(CancellationToken cancellationToken)
    {
        var silo = cluster.AnyLive();
        using var response = await cluster.Http.PostAsJsonAsync(
            new Uri(silo.Address!, "/api/runs"),
            new { scenario = run.Scenario, set = run.Settings, replications = run.Replications, seed = run.Seed, shards = run.Shards },
            cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/runs answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task WaitForMonthAsync(string id, int month, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RunLimit;
        while (true)
        {
            var status = await StatusAsync(id, null, cancellationToken);
            var progress = status.GetProperty("progress").GetDouble();
            if (progress * run.Months >= month || status.GetProperty("status").GetString() is "completed" or "failed" or "cancelled")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"run {id} did not reach month {month} within {RunLimit.TotalMinutes:0} min");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// The silos' log lines about a failure's correlation id (the error and the exception after it), so a trial that
    /// fails in CI says why: the API tells a client only the id.
    /// </summary>
    private string LoggedWith(string error)
    {
        var id = CorrelationId().Match(error);
        if (!id.Success)
        {
            return string.Empty;
        }

        var found = new List<string>();
        foreach (var silo in cluster.SiloProcesses)
        {
            var lines = silo.Lines.Select(l => l.Line).ToList();
            var at = lines.FindIndex(l => l.Contains(id.Groups[1].Value, StringComparison.Ordinal));
            if (at >= 0)
            {
                found.Add($"silo {silo.Index}:");
                found.AddRange(lines.Skip(at).Take(40));
            }
        }

        return found.Count == 0 ? " (no live silo logged it)" : Environment.NewLine + string.Join(Environment.NewLine, found);
    }

    [GeneratedRegex(@"correlation id ([0-9a-f]{16})")]
    private static partial Regex CorrelationId();

    private async Task WaitForEndAsync(string id, int? avoid, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RunLimit;
        while (true)
        {
            var status = await StatusAsync(id, avoid, cancellationToken);
            switch (status.GetProperty("status").GetString())
            {
                case "completed":
                    return;
                case "failed" or "cancelled":
                    var error = status.GetProperty("error").ToString();
                    throw new InvalidOperationException($"run {id} {status.GetProperty("status").GetString()}: {error}{LoggedWith(error)}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"run {id} did not end within {RunLimit.TotalMinutes:0} min: {status}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>The run's status from a live silo; a silo that is going away is skipped for the next.</summary>
    private async Task<JsonElement> StatusAsync(string id, int? avoid, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var silo = cluster.AnyLive(attempt % 2 == 0 ? avoid : null);
            try
            {
                return await cluster.GetJsonAsync(silo, $"/api/runs/{id}", cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && attempt < 20)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private async Task<TrialOutcome> CompareAsync(int number, TrialKind kind, string id, double seconds, string what, double? recovery, int? silo, int? month, CancellationToken cancellationToken)
    {
        var (indicators, targets) = Reference();

        // Read from a silo chosen afresh: any host answers for any run.
        var from = cluster.AnyLive(silo);
        var gotIndicators = await cluster.Http.GetStringAsync(new Uri(from.Address!, $"/api/runs/{id}/indicators.csv"), cancellationToken);
        var gotTargets = await cluster.Http.GetStringAsync(new Uri(from.Address!, $"/api/runs/{id}/targets.csv"), cancellationToken);
        var status = await StatusAsync(id, silo, cancellationToken);
        var identical = gotIndicators == indicators && gotTargets == targets;
        var detail = $"{what}; restarts {status.GetProperty("restarts")}, shards recomputed {status.GetProperty("shardsRecomputed")}";
        return new TrialOutcome(number, kind, identical, detail, seconds, recovery, silo, month);
    }

    /// <summary>The silo whose log says it most recently started the run's loop.</summary>
    private int HolderOfRun(string id)
    {
        var pattern = new Regex($"Run {id}: (starting|its grain was lost)", RegexOptions.CultureInvariant);
        return cluster.SiloProcesses
            .Where(s => s.IsRunning)
            .Select(s => (s.Index, At: s.LastLine(pattern) ?? DateTime.MinValue))
            .OrderByDescending(p => p.At)
            .First().Index;
    }

    private static Regex RecoveryLine(string id) => new($"Run {id}: (shard [0-9]+ lost|its grain was lost)", RegexOptions.CultureInvariant);
}
