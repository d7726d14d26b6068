using System.Diagnostics;
using System.Globalization;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;
using LiubeiSim.Phases;

// LiubeiSim.Phases R [--months M] [--block N] [--warmup W] [--repeat K] [--clock-hz HZ] [--scenario NAME] [--label TEXT]
//
// The in-process engine's month loop (ShardSimulation.StepMonth for every block, then RunDriver's merge and the
// month's quantiles), rewritten here around the same public steps with a timer around each kind of work, on this one
// thread. Prints nanoseconds and core-cycles per replication-month per phase, and one parseable line per phase:
//   phase=NAME ns_per_repmonth=X cycles_per_repmonth=Y share=Z
// Run it pinned to one core (taskset -c 0): the steps themselves may use every core they see.
var inv = CultureInfo.InvariantCulture;
if (args.Length < 1 || !int.TryParse(args[0], NumberStyles.None, inv, out var replications) || replications < 1)
{
    Console.Error.WriteLine("usage: LiubeiSim.Phases R [--months M] [--block N] [--warmup W] [--repeat K] [--clock-hz HZ] [--scenario NAME] [--label TEXT]");
    return 2;
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var scenarioName = Option("--scenario") ?? "baseline-2023";
var block = int.Parse(Option("--block") ?? InProcessEngine.AutoBlockReplications.ToString(inv), inv);
var repeat = int.Parse(Option("--repeat") ?? "3", inv);
var warmups = int.Parse(Option("--warmup") ?? "1", inv);
var label = Option("--label") ?? "phases";
var scenario = ScenarioLibrary.Load(scenarioName);
if (Option("--months") is { } monthsText)
{
    var months = int.Parse(monthsText, inv);
    scenario = scenario with { Months = months };
}

var clockHz = Option("--clock-hz") is { } hz ? double.Parse(hz, inv) : CycleClock.MeasureHz();

// First the loop must give the engine's bits: a small run (two blocks, so the merge by replication is exercised)
// against InProcessEngine.Run. This also compiles every step before the timed runs.
var check = scenario.WithReplications(Math.Min(replications, (block * 3) / 2));
var expected = InProcessEngine.Run(check);
var (checkResult, _) = PhaseLoop.Run(check, block);
if (!expected.Monthly.SequenceEqual(checkResult.Monthly) || !expected.Targets.Select(t => t.Probability).SequenceEqual(checkResult.Targets.Select(t => t.Probability)))
{
    Console.Error.WriteLine("The phase loop does not reproduce InProcessEngine.Run bit for bit: its timings would describe some other computation.");
    return 1;
}

// Warm-up runs at full size are not counted: the first one at R = 100,000 takes twice the processor time of the next
// (the process's first touch of a gigabyte of pages, the collector growing its heap, the last methods reaching their
// final compilation), which no run of the engine in a warm process pays.
var run = scenario.WithReplications(replications);
var timings = new List<PhaseTimes>();
for (var i = 0; i < warmups + repeat; i++)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var collectionsBefore = GC.CollectionCount(0);
    var (_, times) = PhaseLoop.Run(run, block);
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var collections = GC.CollectionCount(0) - collectionsBefore;
    var counted = i >= warmups;
    if (counted)
    {
        timings.Add(times);
    }

    Console.WriteLine(string.Create(inv, $"# {label} {(counted ? $"run {i - warmups + 1}/{repeat}" : "warm-up")}: {times.Total:F3} s, {allocated / (double)replications / run.Months:F0} bytes allocated per replication-month, {collections} gen-0 collections"));
}

var repMonths = (double)replications * run.Months;
Console.WriteLine(string.Create(inv, $"# {label}: {scenarioName}, R={replications}, {run.Months} months, blocks of {block}, one thread ({(ThreadTime.IsProcessorTime ? "its processor time" : "wall time")}), clock {clockHz / 1e9:F3} GHz, median of {repeat} runs after {warmups} warm-up; processors seen: {Environment.ProcessorCount}"));
Console.WriteLine(string.Create(inv, $"{"phase",-34} {"ns/rep-month",13} {"cycles/rep-month",17} {"share",7}"));
var total = Median(timings.Select(t => t.Total));
foreach (var (name, title) in PhaseTimes.Names)
{
    var seconds = Median(timings.Select(t => t[name]));
    var ns = seconds * 1e9 / repMonths;
    Console.WriteLine(string.Create(inv, $"{title,-34} {ns,13:F1} {ns * clockHz / 1e9,17:F0} {seconds / total,7:P1}"));
}

foreach (var (name, _) in PhaseTimes.Names)
{
    var seconds = Median(timings.Select(t => t[name]));
    var ns = seconds * 1e9 / repMonths;
    Console.WriteLine(string.Create(inv, $"phase={name} ns_per_repmonth={ns:F2} cycles_per_repmonth={ns * clockHz / 1e9:F1} share={seconds / total:F4}"));
}

Console.WriteLine(string.Create(inv, $"clock_hz={clockHz:F0} replications={replications} months={run.Months} block={block} warmup={warmups} repeat={repeat}"));
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

namespace LiubeiSim.Phases
{
    /// <summary>Seconds spent in each phase of one run.</summary>
    internal sealed class PhaseTimes
    {
        /// <summary>Phase keys (as printed in the parseable lines) and their titles, in table order.</summary>
        public static readonly (string Key, string Title)[] Names =
        [
            ("setup_pipelines", "set-up: pipelines (history draws)"),
            ("setup_other", "set-up: other entities, district"),
            ("pipelines", "project pipelines"),
            ("projects", "named projects"),
            ("chains", "chains"),
            ("towns", "towns"),
            ("firms", "synthetic firms"),
            ("district_reduce", "district reduce"),
            ("window", "12-month window (SeriesAccumulator)"),
            ("merge", "merge blocks (RunAccumulator.AddBlock)"),
            ("quantiles", "quantiles (RunAccumulator.CompleteMonth)"),
            ("result", "result (ToResult)"),
            ("other", "loop and timers (total less the above)"),
            ("total", "total"),
        ];

        private readonly Dictionary<string, double> _seconds = Names.ToDictionary(n => n.Key, _ => 0.0);

        public double Total => _seconds["total"];

        public double this[string key] => _seconds[key];

        public void Add(string key, long ticks) => _seconds[key] += (double)ticks / Stopwatch.Frequency;

        public void Close(long totalTicks)
        {
            _seconds["total"] = (double)totalTicks / Stopwatch.Frequency;
            _seconds["other"] = 0;
            _seconds["other"] = _seconds["total"] - _seconds.Where(p => p.Key is not "total" and not "other").Sum(p => p.Value);
        }
    }

    /// <summary>
    /// ShardSimulation and RunDriver's in-process month loop, with a timer around each phase. Only API that existed at
    /// 227e738 (the commit before issue 13's engine work), so the same source builds against both trees; where the
    /// engine's own loop changed since, it asks the tree by reflection which loop it has, so each tree's phases are
    /// those of its own engine.
    /// </summary>
    internal static class PhaseLoop
    {
        /// <summary>Blocks share their contributions and raw values (one set per block size on this one thread), as the tree's <c>MonthScratchPool</c> has them do.</summary>
        private static readonly bool SharesScratch = typeof(ShardSimulation).Assembly.GetType("LiubeiSim.Model.Engine.MonthScratchPool") is not null;

        /// <summary>The series accumulator told the horizon (running sums for up to 12 months), where the tree has that constructor.</summary>
        private static readonly System.Reflection.ConstructorInfo? AccumulatorForHorizon = typeof(SeriesAccumulator).GetConstructor([typeof(int), typeof(int)]);

        /// <summary>
        /// A block's second snapshot as the tree's ShardSimulation makes it: DistrictSnapshot.Following (sharing the
        /// stocks) where the tree has it, else 227e738's constructor of a snapshot of its own. Both by reflection, as
        /// each tree has only one of them.
        /// </summary>
        private static readonly System.Reflection.MethodInfo? FollowingSnapshot = typeof(DistrictSnapshot).GetMethod("Following", [typeof(DistrictSnapshot)]);
        private static readonly System.Reflection.ConstructorInfo? OwnSnapshot = typeof(DistrictSnapshot).GetConstructor([typeof(int), typeof(int), typeof(int)]);

        /// <summary>The accumulator's own reported values, which the tree's in-process shard hands the merge without a copy where it has this property.</summary>
        private static readonly System.Reflection.PropertyInfo? AccumulatorReported = typeof(SeriesAccumulator).GetProperty("Reported");

        private static readonly Dictionary<string, string> KindPhase = new()
        {
            ["chain"] = "chains",
            ["firm"] = "firms",
            ["project"] = "projects",
            ["pipeline"] = "pipelines",
            ["town"] = "towns",
        };

        public static (RunResult Result, PhaseTimes Times) Run(Scenario scenario, int blockSize)
        {
            var times = new PhaseTimes();
            var p = ModelParameters.Build(BaseYearDataset.Default, scenario, null);
            var started = ThreadTime.Now();
            var kinds = DistrictModel.Kinds;
            var kindPhase = kinds.Select(k => KindPhase[k.Name]).ToArray();
            var r = scenario.Replications;
            var blocks = ReplicationBlocks.Split(r, (r + blockSize - 1) / blockSize);

            // Set-up of every block before the first month, as InProcessEngine.Shards does.
            var shards = new Shard[blocks.Length];
            var scratch = new Dictionary<int, (DistrictContributions Contributions, double[] Raw)>();
            for (var b = 0; b < blocks.Length; b++)
            {
                var block = blocks[b];
                var entities = new List<EntityStep>[kinds.Count];
                for (var k = 0; k < kinds.Count; k++)
                {
                    var t0 = ThreadTime.Now();
                    var count = kinds[k].Ids(p).Count;
                    entities[k] = new List<EntityStep>(count);
                    for (var i = 0; i < count; i++)
                    {
                        entities[k].Add(kinds[k].SetUp(p, i, block));
                    }

                    times.Add(kinds[k].Name == "pipeline" ? "setup_pipelines" : "setup_other", ThreadTime.Now() - t0);
                }

                var t1 = ThreadTime.Now();
                if (!SharesScratch || !scratch.TryGetValue(block.Count, out var month))
                {
                    month = (DistrictModel.NewContributions(p, block.Count), new double[SeriesLayout.Count * block.Count]);
                    scratch[block.Count] = month;
                }

                var initial = DistrictSnapshot.Initial(p, block.Count);
                var second = FollowingSnapshot is not null
                    ? (DistrictSnapshot)FollowingSnapshot.Invoke(null, [initial])!
                    : (DistrictSnapshot)OwnSnapshot!.Invoke([p.Chains.Count, p.Towns.Count, block.Count]);
                shards[b] = new Shard(
                    block,
                    entities,
                    month.Contributions,
                    new DistrictStep(p, block),
                    initial,
                    second,
                    month.Raw,
                    AccumulatorForHorizon?.Invoke([block.Count, p.Months]) as SeriesAccumulator ?? new SeriesAccumulator(block.Count));
                times.Add("setup_other", ThreadTime.Now() - t1);
            }

            var t2 = ThreadTime.Now();
            var accumulator = new RunAccumulator(p);
            times.Add("setup_other", ThreadTime.Now() - t2);

            for (var month = 0; month < p.Months; month++)
            {
                foreach (var shard in shards)
                {
                    for (var k = 0; k < shard.Entities.Length; k++)
                    {
                        var t0 = ThreadTime.Now();
                        var entities = shard.Entities[k];
                        var into = shard.Contributions.ByKind[k];
                        for (var e = 0; e < entities.Count; e++)
                        {
                            entities[e].Advance(month, shard.Previous, into[e]);
                        }

                        times.Add(kindPhase[k], ThreadTime.Now() - t0);
                    }

                    var t1 = ThreadTime.Now();
                    shard.District.Reduce(month, shard.Contributions, shard.Previous, shard.Next, shard.Raw);
                    (shard.Previous, shard.Next) = (shard.Next, shard.Previous);
                    var t2b = ThreadTime.Now();
                    times.Add("district_reduce", t2b - t1);
                    var reported = shard.Window.Add(shard.Raw);

                    // The in-process shard (LocalShard) of 227e738 copied the reported values out before the merge;
                    // since, the merge reads the accumulator's own.
                    if (AccumulatorReported is null)
                    {
                        reported.CopyTo(shard.Reported);
                    }

                    times.Add("window", ThreadTime.Now() - t2b);
                }

                var t3 = ThreadTime.Now();
                foreach (var shard in shards)
                {
                    accumulator.AddBlock(shard.Block, AccumulatorReported?.GetValue(shard.Window) is ReadOnlyMemory<double> own ? own.Span : shard.Reported);
                }

                var t4 = ThreadTime.Now();
                times.Add("merge", t4 - t3);
                accumulator.CompleteMonth();
                times.Add("quantiles", ThreadTime.Now() - t4);
            }

            var t5 = ThreadTime.Now();
            var result = accumulator.ToResult(InProcessEngine.Name, new RunTimings(0, 0, 0));
            times.Add("result", ThreadTime.Now() - t5);
            times.Close(ThreadTime.Now() - started);
            return (result, times);
        }

        private sealed class Shard(
            ReplicationBlock block,
            List<EntityStep>[] entities,
            DistrictContributions contributions,
            DistrictStep district,
            DistrictSnapshot previous,
            DistrictSnapshot next,
            double[] raw,
            SeriesAccumulator window)
        {
            public ReplicationBlock Block { get; } = block;

            public List<EntityStep>[] Entities { get; } = entities;

            public DistrictContributions Contributions { get; } = contributions;

            public DistrictStep District { get; } = district;

            public DistrictSnapshot Previous { get; set; } = previous;

            public DistrictSnapshot Next { get; set; } = next;

            public double[] Raw { get; } = raw;

            /// <summary>The copy of 227e738's shard, made only for a tree that copies.</summary>
            public double[] Reported => field ??= new double[Raw.Length];

            public SeriesAccumulator Window { get; } = window;
        }
    }
}
