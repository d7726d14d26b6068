using System.Globalization;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Admission;

/// <summary>Which engine a run's memory is estimated for.</summary>
public enum RunEngine
{
    /// <summary>Shards of grains on a silo (the API's runs and sweep points, <c>liubeisim run</c>'s default).</summary>
    Grains,

    /// <summary>The reference engine in one process (comparisons, <c>--engine inprocess</c>).</summary>
    InProcess,
}

/// <summary>What a run will cost, known before it starts.</summary>
/// <param name="Replications">Monte Carlo replications.</param>
/// <param name="Months">Months of the horizon.</param>
/// <param name="Entities">Entities stepped each month: the district's own and the synthetic firms.</param>
/// <param name="Shards">Blocks of replications that hold state at once (grains: shards, each a set of activations).</param>
/// <param name="ReplicationMonths">Replications × months, synthetic firms weighing in as the extra entities they are: the work.</param>
/// <param name="PeakBytes">The memory the run adds to its process at its peak, conservatively.</param>
public sealed record RunCost(int Replications, int Months, int Entities, int Shards, long ReplicationMonths, long PeakBytes)
{
    /// <summary>The run's size in words, e.g. "1,000,000 replications × 12 months × 34 entities".</summary>
    public string Size => string.Create(CultureInfo.InvariantCulture, $"{Replications:N0} replications × {Months} months × {Entities:N0} entities");

    /// <summary>Two runs held at once (a comparison's sides, a sweep's points in flight).</summary>
    public RunCost Plus(RunCost other) => this with
    {
        Replications = Replications + other.Replications,
        Entities = Math.Max(Entities, other.Entities),
        Shards = Shards + other.Shards,
        ReplicationMonths = ReplicationMonths + other.ReplicationMonths,
        PeakBytes = PeakBytes + other.PeakBytes,
    };
}

/// <summary>
/// The one estimate of a run's cost used before anything is simulated: by the run catalog when it admits and starts
/// runs, by the API for comparisons and sweeps, and by <c>liubeisim run</c>, <c>compare</c> and <c>sweep</c>. Memory is
/// linear in the replications (each holds its state in every entity), the horizon (the pipelines' schedules, the
/// series accumulator), the targets' series and the synthetic firms, plus a cost per grain activation; <see cref="RunCostCoefficients"/> gives each rate and why.
/// </summary>
public static class RunCostEstimator
{
    /// <summary>
    /// The base year's entities (the district, its chains, towns and named projects), against which synthetic firms weigh
    /// in <see cref="ReplicationMonths"/>: the weighting the comparison and sweep limits have always used.
    /// </summary>
    public static int DistrictEntities { get; } = Math.Max(1, BaseYearDataset.Default.Entities.Count);

    /// <summary>A run of <paramref name="scenario"/> on <paramref name="shards"/> shards of grains (0: one shard).</summary>
    public static RunCost OnGrains(Scenario scenario, int shards) => Estimate(Parameters(scenario), RunEngine.Grains, shards);

    /// <summary>A run of <paramref name="scenario"/> on the in-process engine.</summary>
    public static RunCost InProcess(Scenario scenario) => Estimate(Parameters(scenario), RunEngine.InProcess, 0);

    /// <summary>A paired comparison: both sides' runs in process, held at once, stepped in lockstep; B runs with A's replications.</summary>
    public static RunCost Comparison(Scenario a, Scenario b) => InProcess(a).Plus(InProcess(b.WithReplications(a.Replications)));

    /// <summary>The run's cost from its parameters.</summary>
    public static RunCost Estimate(ModelParameters parameters, RunEngine engine, int shards) =>
        new Shape(parameters, engine).Cost(parameters.Scenario.Replications, shards);

    /// <summary>
    /// The most replications of this scenario whose run fits <paramref name="budgetBytes"/>, shards chosen for each
    /// count by <paramref name="shardsFor"/>; 0 when not even one fits (the horizon, firms or shards are the problem).
    /// </summary>
    public static int MaxReplications(ModelParameters parameters, RunEngine engine, long budgetBytes, Func<int, int> shardsFor, int limit = 1_000_000)
    {
        var shape = new Shape(parameters, engine);
        int low = 0, high = limit;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (shape.Cost(middle, shardsFor(middle)).PeakBytes <= budgetBytes)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    /// <summary>
    /// The largest of many runs (a sweep's points), each with the shards <paramref name="shardsFor"/> gives its
    /// replications. Runs differing only in what leaves memory alone (lever values other than the project delay, seeds,
    /// targets) are estimated once: a sweep of thousands of points has a handful of shapes.
    /// </summary>
    public static RunCost Largest(IEnumerable<Scenario> runs, RunEngine engine, Func<int, int> shardsFor)
    {
        RunCost? largest = null;
        foreach (var group in runs.GroupBy(MemoryShape))
        {
            var run = group.First();
            var cost = Estimate(Parameters(run), engine, shardsFor(run.Replications));
            largest = largest is null || cost.PeakBytes > largest.PeakBytes ? cost : largest;
        }

        return largest ?? throw new ArgumentException("There is no run to estimate.", nameof(runs));
    }

    /// <summary>Replications × months, synthetic firms weighing in as the extra entities they are (a run with as many firms as district entities counts double).</summary>
    public static long ReplicationMonths(Scenario scenario) =>
        (long)Math.Ceiling((double)scenario.Replications * scenario.Months * (DistrictEntities + (double)scenario.SyntheticFirms) / DistrictEntities);

    private static ModelParameters Parameters(Scenario scenario) => ModelParameters.Build(BaseYearDataset.Default, scenario, null);

    /// <summary>
    /// What decides a run's memory: its size, horizon, firms and the series its targets read. Levers, shocks and assumptions leave it alone
    /// (a delay's look-back is drawn at set-up and not kept), so a sweep over them is one shape however many points it has.
    /// </summary>
    private static (int, int, int, int) MemoryShape(Scenario s) => (s.Replications, s.Months, s.SyntheticFirms, RunAccumulator.EndSeries(s).Count);

    /// <summary>What a run of one scenario costs per replication and per shard; the replications and shards vary.</summary>
    private sealed class Shape
    {
        private readonly Scenario _scenario;
        private readonly RunEngine _engine;
        private readonly int _entities;
        private readonly long _perReplication;

        public Shape(ModelParameters p, RunEngine engine)
        {
            _scenario = p.Scenario;
            _engine = engine;
            // Stepped each month: chains, firms, projects, pipelines, towns, and the district that reduces them.
            _entities = p.Chains.Count + p.Firms.Count + p.Projects.Count + p.Pipelines.Count + p.Towns.Count + 1;
            _perReplication = RunCostCoefficients.ReplicationBytes
                + (RunCostCoefficients.ScheduleMonthBytes * p.Pipelines.Count * p.Months)
                + SeriesAccumulator.BytesPerReplication(p.Months)
                + (8L * RunAccumulator.EndSeries(p.Scenario).Count)
                + (RunCostCoefficients.FirmReplicationBytes * p.Firms.Count);
        }

        public RunCost Cost(int replications, int shards)
        {
            var r = Math.Max(1, replications);

            // Grains: every shard activates a grain per entity (its district is one of them) and itself; the split never
            // makes more shards than replications. In process, a block's entities are plain objects, a few hundred bytes.
            var held = _engine == RunEngine.Grains ? Math.Clamp(shards, 1, r) : 1;
            var activations = _engine == RunEngine.Grains ? (long)held * (_entities + 1) : 0;
            var bytes = RunCostCoefficients.RunBytes
                + (long)Math.Ceiling(RunCostCoefficients.HeapSlack * _perReplication * r)
                + (activations * RunCostCoefficients.ActivationBytes);
            return new RunCost(r, _scenario.Months, _entities, held, ReplicationMonths(_scenario.WithReplications(r)), bytes);
        }
    }
}
