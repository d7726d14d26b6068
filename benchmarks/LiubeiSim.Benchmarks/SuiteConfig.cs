using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LiubeiSim.Benchmarks;

/// <summary>The one configuration every benchmark runs under, so baselines and contenders share a job.</summary>
public static class SuiteConfig
{
    /// <summary>Whole runs of this many replications run only in the pinned jobs (<c>--cores N</c>).</summary>
    public const int PinnedReplications = 100_000;

    /// <summary>
    /// In-process toolchain: no generated project to build under this repository's central package management and
    /// warnings-as-errors, and the silo started in a global setup lives in the same process as the calls it serves.
    /// Quick mode keeps a few iterations per benchmark, enough for ratios of 10 % accuracy on an idle machine.
    /// </summary>
    /// <param name="quick">Short jobs.</param>
    /// <param name="cores">
    /// 0: every benchmark but the whole runs at <see cref="PinnedReplications"/>, on the process's cores. N: only
    /// those whole runs (in-process and Orleans with its default shards), in a job whose affinity is the first N cores
    /// (job id <c>coreN</c>). A run of 100,000 replications takes seconds, so that job is shorter still: in quick mode
    /// one warm-up and three iterations.
    /// </param>
    public static IConfig Create(bool quick, int cores = 0)
    {
        Job job;
        if (cores > 0)
        {
            job = (quick ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3) : Job.Default.WithMaxIterationCount(15))
                .WithAffinity((IntPtr)((1L << cores) - 1))
                .WithId($"core{cores}");
        }
        else
        {
            job = (quick ? Job.ShortRun.WithWarmupCount(2).WithIterationCount(5) : Job.Default.WithMaxIterationCount(30))
                .WithId(quick ? "quick" : "full");
        }

        return ManualConfig.CreateMinimumViable()
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.Full)
            .AddExporter(CsvExporter.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min)
            .AddFilter(new SimpleFilter(c => cores > 0 ? IsPinnedRun(c) : !AtPinnedReplications(c)))
            .WithOption(ConfigOptions.JoinSummary, false);
    }

    /// <summary>A whole run at <see cref="PinnedReplications"/> on either engine's default: what the pinned jobs measure.</summary>
    private static bool IsPinnedRun(BenchmarkCase c) =>
        AtPinnedReplications(c)
        && c.Descriptor.WorkloadMethod.Name is nameof(WholeRunBenchmarks.InProcess) or nameof(WholeRunBenchmarks.Orleans);

    private static bool AtPinnedReplications(BenchmarkCase c) =>
        c.Descriptor.Type == typeof(WholeRunBenchmarks)
        && c.Parameters.Items.Any(p => p.Name == nameof(WholeRunBenchmarks.R) && p.Value is int r && r == PinnedReplications);
}
