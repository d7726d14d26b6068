using BenchmarkDotNet.Running;
using LiubeiSim.Benchmarks;
using LiubeiSim.Phases;

// `peak-memory ENGINE R` runs one scenario in this fresh process and prints its peak working set: the one figure
// BenchmarkDotNet cannot give, since its host process has already held every earlier benchmark's memory.
if (args.Length > 0 && args[0] == PeakMemory.Command)
{
    return PeakMemory.Run(args[1..]);
}

if (args.Length > 0 && args[0] == MemoryParts.Command)
{
    return MemoryParts.Run(args[1..]);
}

if (args.Length > 0 && args[0] == MemoryParts.EstimateCommand)
{
    return MemoryParts.Estimate(args[1..]);
}

if (args.Length > 0 && args[0] == TimeRuns.Command)
{
    return TimeRuns.Run(args[1..]);
}

// `clock` prints the core clock measured by a chain of dependent adds (CycleClock says why that is the clock).
if (args.Length > 0 && args[0] == "clock")
{
    var hz = CycleClock.MeasureHz(tries: 15);
    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"clock_hz={hz:F0} ghz={hz / 1e9:F3} thread_processor_time={ThreadTime.IsProcessorTime}"));
    return 0;
}

// `--cores N`: the whole runs at R = 100,000 only, in a job pinned to the first N cores. The process itself must be
// started on those cores (taskset -c 0 or 0,1, as run.sh does): the runtime reads its processor count once at start,
// and the engines size their threads and shards by it, so an affinity BenchmarkDotNet sets later would leave two
// threads sharing one core.
var quick = args.Contains("--quick");
var cores = 0;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--quick")
    {
        continue;
    }

    if (args[i] == "--cores" && i + 1 < args.Length)
    {
        cores = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
        continue;
    }

    rest.Add(args[i]);
}

if (cores > 0 && Environment.ProcessorCount != cores)
{
    Console.Error.WriteLine($"--cores {cores}: this process sees {Environment.ProcessorCount} processors; start it pinned, e.g. taskset -c {string.Join(',', Enumerable.Range(0, cores))} dotnet LiubeiSim.Benchmarks.dll --cores {cores} ...");
    return 2;
}

BenchmarkSwitcher.FromAssembly(typeof(SuiteConfig).Assembly).Run([.. rest], SuiteConfig.Create(quick, cores));
return 0;
