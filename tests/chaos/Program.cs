using System.CommandLine;
using LiubeiSim.Chaos;

var trials = new Option<int>("--trials") { Description = "Trials of killing a random silo at a random month (each on the same cluster, one after another).", DefaultValueFactory = _ => 3 };
var seed = new Option<int?>("--seed") { Description = "Seed of the choice of silo and month, to repeat a sequence of trials; default: a new one, printed." };
var redis = new Option<string>("--redis-server") { Description = "The redis-server binary (Debian package redis-server).", DefaultValueFactory = _ => "/usr/bin/redis-server" };
var extra = new Option<bool>("--run-grain-and-rolling") { Description = "Also a trial that kills the silo holding the run's grain, and one rolling restart of all three silos." };
var scaling = new Option<bool>("--scaling") { Description = "Instead of trials: measure one run's throughput on 1, 2 and 3 silos (docs/scaling.md)." };
var root = new RootCommand(
    "Chaos trials for LiubeiSim: a throwaway redis-server and three `liubeisim serve` processes on loopback form a cluster; " +
    "each trial starts a long run, kills a silo with kill -9 at a random month, starts it again, and compares the run's " +
    "indicators.csv and targets.csv with the in-process engine's. Ends with `N/N identical`; exit 1 if any differ or fail.\n\n" +
    "Example: tests/chaos/run.sh --trials 20")
{
    trials, seed, redis, extra, scaling,
};
root.SetAction(async (parse, cancellationToken) =>
{
    if (parse.GetValue(scaling))
    {
        return await Scaling.MeasureAsync(parse.GetValue(redis)!, ChaosRun.Default, 3, Console.Out, cancellationToken);
    }

    var chosenSeed = parse.GetValue(seed) ?? Random.Shared.Next();
    Console.WriteLine($"chaos: seed {chosenSeed}; run {ChaosRun.Default}");
    await using var cluster = await ChaosCluster.StartAsync(parse.GetValue(redis)!, Console.Out, cancellationToken);
    var chaos = new ChaosTrials(cluster, ChaosRun.Default, Console.Out);
    chaos.Reference();
    var random = new Random(chosenSeed);
    var outcomes = new List<TrialOutcome>();
    var baseline = await chaos.UndisturbedAsync(0, cancellationToken);
    Console.WriteLine(baseline);

    var kinds = Enumerable.Repeat(TrialKind.KillRandom, parse.GetValue(trials)).ToList();
    if (parse.GetValue(extra))
    {
        kinds.AddRange([TrialKind.KillRunGrain, TrialKind.Rolling]);
    }

    for (var i = 0; i < kinds.Count; i++)
    {
        TrialOutcome outcome;
        try
        {
            outcome = await chaos.RunAsync(i + 1, kinds[i], random, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            outcome = new TrialOutcome(i + 1, kinds[i], false, $"failed: {e.Message}", 0, null, null, null);
        }

        outcomes.Add(outcome);
        Console.WriteLine(outcome);
    }

    var identical = outcomes.Count(o => o.Identical);
    var kills = outcomes.Where(o => o.Identical && o.Kind != TrialKind.Rolling).ToList();
    if (kills.Count > 0)
    {
        Console.WriteLine($"undisturbed run {baseline.RunSeconds:0.0} s; runs that lost a silo {kills.Average(o => o.RunSeconds):0.0} s on average (slowdown {kills.Average(o => o.RunSeconds) / baseline.RunSeconds:0.00}x, restart of the killed silo included); recovery began {kills.Where(o => o.RecoverySeconds is not null).Select(o => o.RecoverySeconds!.Value).DefaultIfEmpty().Average():0.0} s after a kill on average");
    }

    Console.WriteLine($"{identical}/{outcomes.Count} identical");
    return identical == outcomes.Count && baseline.Identical ? 0 : 1;
});
return await root.Parse(args).InvokeAsync();
