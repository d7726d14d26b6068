using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Benchmarks;

/// <summary>
/// A quick look outside BenchmarkDotNet: N alternating whole runs on each engine, printing for every run the wall
/// time beside the engine's own simulation time, so the cost around the simulation (polling, silo calls) shows.
/// </summary>
/// <remarks>
/// <c>time-runs R N [SHARDS [BLOCKS [WARMUPS]]]</c>: SHARDS 0 is the Orleans engine's default, BLOCKS 0 the in-process
/// engine's (1, the default here, keeps the old single-block comparison). Up to WARMUPS rounds run first and are not
/// counted: they stop after two rounds running in which neither engine's run spent more than
/// <see cref="SettledJitShare"/> of its processor time compiling (the runtime's own JIT clock), so the counted runs
/// are warm for both engines; Orleans has many more methods to tier up than the in-process engine. Each run starts
/// after a full collection, so neither engine pays for the other's garbage. The last line,
/// <c>time-runs: replications=R runs=N processors=P inprocess_wall_ms=... inprocess_cpu_ms=... orleans_wall_ms=...
/// orleans_cpu_ms=... cpu_ratio_median=... warmups=W settled=yes|no|unchecked</c> (medians; the ratio the median of each round's
/// Orleans-over-in-process CPU ratio; W the warm-up rounds run), is for scripts: run.sh reads issue 13's
/// Orleans-over-in-process CPU ratio from it. CPU is the whole process's processor time over the run (every thread:
/// the engine's, the silo's, the JIT's, the collector's).
/// </remarks>
public static class TimeRuns
{
    public const string Command = "time-runs";

    /// <summary>A run is warm when the JIT took at most this share of its processor time (a settled run here: 0.5-2 %).</summary>
    public const double SettledJitShare = 0.03;

    public static int Run(string[] args)
    {
        var replications = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var shards = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        var blocks = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        var warmups = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
        var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(replications);
        var silo = EmbeddedSilo.StartAsync().GetAwaiter().GetResult();
        var cpuLocal = new List<double>();
        var cpuGrains = new List<double>();
        var wallLocal = new List<double>();
        var wallGrains = new List<double>();
        RunResult RunLocal() => InProcessEngine.Run(scenario, blocks: blocks);
        RunResult RunGrains() => OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: shards).GetAwaiter().GetResult();
        // Which engine goes first alternates by round, so neither always runs on a machine the other just warmed.
        var round = 0;
        ((double Wall, double Cpu, double Jit, RunResult Result) Local, (double Wall, double Cpu, double Jit, RunResult Result) Grains) Round(bool warmup)
        {
            var first = round++ % 2 == 0;
            var local = first ? Measure(RunLocal) : default;
            var grains = Measure(RunGrains);
            if (!first)
            {
                local = Measure(RunLocal);
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{(warmup ? "warm-up   " : string.Empty)}inprocess wall={local.Wall:F1} ms cpu={local.Cpu:F0} ms jit={local.Jit:F0} ms sim={local.Result.Timings.SimulationSeconds * 1000:F1} ms | orleans wall={grains.Wall:F1} ms cpu={grains.Cpu:F0} ms jit={grains.Jit:F0} ms sim={grains.Result.Timings.SimulationSeconds * 1000:F1} ms"));
            return (local, grains);
        }

        var warmedUp = 0;
        var settledRounds = 0;
        try
        {
            // One quiet round can be luck (a round's JIT comes in bursts): two in a row.
            while (settledRounds < 2 && warmedUp < warmups)
            {
                var (local, grains) = Round(warmup: true);
                warmedUp++;
                settledRounds = local.Jit <= SettledJitShare * local.Cpu && grains.Jit <= SettledJitShare * grains.Cpu ? settledRounds + 1 : 0;
            }

            for (var i = 0; i < count; i++)
            {
                var (local, grains) = Round(warmup: false);
                cpuLocal.Add(local.Cpu);
                cpuGrains.Add(grains.Cpu);
                wallLocal.Add(local.Wall);
                wallGrains.Add(grains.Wall);
            }
        }
        finally
        {
            silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

        // Each round's two runs are neighbours in time, so their ratio holds when the machine's speed drifts between
        // rounds (on this shared machine it has doubled and halved within minutes); the medians of each engine do not.
        var ratios = cpuGrains.Zip(cpuLocal, (grains, local) => grains / local).ToList();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"median: inprocess wall={Median(wallLocal):F1} cpu={Median(cpuLocal):F1} | orleans wall={Median(wallGrains):F1} cpu={Median(cpuGrains):F1} (ms)"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"time-runs: replications={replications} runs={count} processors={Environment.ProcessorCount} inprocess_wall_ms={Median(wallLocal):F1} inprocess_cpu_ms={Median(cpuLocal):F1} orleans_wall_ms={Median(wallGrains):F1} orleans_cpu_ms={Median(cpuGrains):F1} cpu_ratio_median={Median(ratios):F4} warmups={warmedUp} settled={(warmups == 0 ? "unchecked" : settledRounds >= 2 ? "yes" : "no")}"));
        return 0;
    }

    /// <summary>One run after a full collection: its wall time, the process's processor time and JIT time over it (ms), and its result.</summary>
    private static (double Wall, double Cpu, double Jit, RunResult Result) Measure(Func<RunResult> run)
    {
        var process = Process.GetCurrentProcess();
        Settle();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var jit = JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        var result = run();
        var wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalMilliseconds, (JitInfo.GetCompilationTime() - jit).TotalMilliseconds, result);
    }

    /// <summary>A full, compacting collection before each run, so its garbage is not collected during the next one.</summary>
    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
}
