using System.Diagnostics;
using System.Globalization;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Benchmarks;

/// <summary>
/// A quick look outside BenchmarkDotNet: N alternating whole runs on each engine, printing for every run the wall
/// time beside the engine's own simulation time, so the cost around the simulation (polling, silo calls) shows.
/// </summary>
public static class TimeRuns
{
    public const string Command = "time-runs";

    public static int Run(string[] args)
    {
        var replications = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var shards = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        var blocks = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(replications);
        var silo = EmbeddedSilo.StartAsync().GetAwaiter().GetResult();
        var cpuLocal = new List<double>();
        var cpuGrains = new List<double>();
        var wallLocal = new List<double>();
        var wallGrains = new List<double>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var local = InProcessEngine.Run(scenario, blocks: blocks);
                var localWall = clock.Elapsed.TotalMilliseconds;
                process.Refresh();
                var localCpu = (process.TotalProcessorTime - cpu).TotalMilliseconds;
                cpu = process.TotalProcessorTime;
                clock.Restart();
                var grains = OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: shards).GetAwaiter().GetResult();
                var grainsWall = clock.Elapsed.TotalMilliseconds;
                process.Refresh();
                var grainsCpu = (process.TotalProcessorTime - cpu).TotalMilliseconds;
                cpuLocal.Add(localCpu);
                cpuGrains.Add(grainsCpu);
                wallLocal.Add(localWall);
                wallGrains.Add(grainsWall);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"inprocess wall={localWall:F1} ms cpu={localCpu:F0} ms sim={local.Timings.SimulationSeconds * 1000:F1} ms | orleans wall={grainsWall:F1} ms cpu={grainsCpu:F0} ms sim={grains.Timings.SimulationSeconds * 1000:F1} ms"));
            }
        }
        finally
        {
            silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"median: inprocess wall={Median(wallLocal):F1} cpu={Median(cpuLocal):F1} | orleans wall={Median(wallGrains):F1} cpu={Median(cpuGrains):F1} (ms)"));
        return 0;
    }
}
