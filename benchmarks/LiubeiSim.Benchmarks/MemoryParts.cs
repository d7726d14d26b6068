using System.Globalization;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Benchmarks;

/// <summary>
/// Where a run's memory goes, per replication: the live bytes each part of the engine holds for a block of replications
/// (each entity kind's state and contribution, the district's stocks, snapshots and 12-month window, the run grain's
/// merge matrices), measured as the managed heap's growth while the part is kept alive. The admission estimator's
/// coefficients (<c>RunCostCoefficients</c>) are fitted on these and on whole hosts (benchmarks/admission/measure.py).
/// </summary>
public static class MemoryParts
{
    public const string Command = "memory-parts";

    public const string EstimateCommand = "estimate";

    /// <summary><c>estimate R M F S</c>: the admission estimate of a run on grains (S shards, 0 for the default), in MiB.</summary>
    public static int Estimate(string[] args)
    {
        var numbers = args.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray();
        if (numbers.Length != 4 || numbers.Any(n => n < 0) || numbers[0] < 1 || numbers[1] < 1)
        {
            Console.Error.WriteLine($"usage: {EstimateCommand} REPLICATIONS MONTHS FIRMS SHARDS");
            return 2;
        }

        var scenario = (ScenarioLibrary.Load("baseline-2023").WithReplications(numbers[0]) with { Months = numbers[1] }).WithSyntheticFirms(numbers[2]);
        var shards = numbers[3] > 0 ? numbers[3] : Grains.Engine.OrleansEngine.DefaultShards(numbers[0]);
        var cost = RunCostEstimator.OnGrains(scenario, shards);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replications={numbers[0]} months={numbers[1]} firms={numbers[2]} shards={cost.Shards} estimate_mib={cost.PeakBytes / 1048576.0:F0}"));
        return 0;
    }

    public static int Run(string[] args)
    {
        if (args.Length != 3
            || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var months)
            || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var firms)
            || n < 1 || months < 1 || firms < 0)
        {
            Console.Error.WriteLine($"usage: {Command} REPLICATIONS MONTHS FIRMS");
            return 2;
        }

        var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(n) with { Months = months };
        scenario = scenario.WithSyntheticFirms(firms);
        var p = ModelParameters.Build(BaseYearDataset.Default, scenario, null);
        var block = new ReplicationBlock(0, n);
        var kept = new List<object>();
        var total = 0L;

        void Part(string name, Func<object> make)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            kept.Add(make());
            var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
            total += bytes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} {bytes / (double)n,10:F1} B/replication"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replications={n} months={months} firms={firms} lookback={p.ProjectDynamics.MaxConstructionMonths + p.ProjectDynamics.MaxDelay}"));
        foreach (var kind in DistrictModel.Kinds)
        {
            var count = kind.Ids(p).Count;
            Part($"{kind.Name} x{count} (state)", () => Enumerable.Range(0, count).Select(i => kind.SetUp(p, i, block)).ToArray());
            Part($"{kind.Name} x{count} (contribution)", () => Enumerable.Range(0, count).Select(_ => new EntityContribution(kind.Channels, n)).ToArray());
        }

        Part("district stocks (DistrictStep)", () => new DistrictStep(p, block));
        Part("two snapshots", () =>
        {
            var initial = DistrictSnapshot.Initial(p, n);
            return new[] { initial, DistrictSnapshot.Following(initial) };
        });
        Part("12-month window (SeriesAccumulator)", () => new SeriesAccumulator(n));
        Part("raw and reported values", () => new[] { new double[SeriesLayout.Count * n], new double[SeriesLayout.Count * n] });
        // The run reads its shards' arrays where they are (RunAccumulator.HoldingBlocks): it keeps the targets'
        // end-of-horizon values, and while a month completes one column of a series per core (not counted here).
        Part("run grain's merge (RunAccumulator)", () => RunAccumulator.HoldingBlocks(p));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"total",-34} {total / (double)n,10:F1} B/replication"));
        GC.KeepAlive(kept);
        return 0;
    }
}
