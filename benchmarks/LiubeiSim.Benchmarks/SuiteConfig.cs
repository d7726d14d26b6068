using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LiubeiSim.Benchmarks;

/// <summary>The one configuration every benchmark runs under, so baselines and contenders share a job.</summary>
public static class SuiteConfig
{
    /// <summary>
    /// In-process toolchain: no generated project to build under this repository's central package management and
    /// warnings-as-errors, and the silo started in a global setup lives in the same process as the calls it serves.
    /// Quick mode keeps a few iterations per benchmark, enough for ratios of 10 % accuracy on an idle machine.
    /// </summary>
    public static IConfig Create(bool quick)
    {
        var job = quick
            ? Job.ShortRun.WithWarmupCount(2).WithIterationCount(5)
            : Job.Default.WithMaxIterationCount(30);
        return ManualConfig.CreateMinimumViable()
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance).WithId(quick ? "quick" : "full"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.Full)
            .AddExporter(CsvExporter.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min)
            .WithOption(ConfigOptions.JoinSummary, false);
    }
}
