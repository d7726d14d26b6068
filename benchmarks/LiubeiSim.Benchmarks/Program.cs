using BenchmarkDotNet.Running;
using LiubeiSim.Benchmarks;

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

var quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
BenchmarkSwitcher.FromAssembly(typeof(SuiteConfig).Assembly).Run(rest, SuiteConfig.Create(quick));
return 0;
