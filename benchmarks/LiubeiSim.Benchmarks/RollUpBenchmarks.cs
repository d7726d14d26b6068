using BenchmarkDotNet.Attributes;
using LiubeiSim.Aggregation;

namespace LiubeiSim.Benchmarks;

/// <summary>
/// District roll-up of E entities × R replications: the library against the LINQ version of the same sum and
/// against a plain loop reading the same bytes. 100×1,000 (0.8 MB) fits in L2+L3; 1,000×10,000 (80 MB) is
/// more than twice the 32 MB last-level cache, so it measures memory, not cache.
/// </summary>
[MemoryDiagnoser]
public class RollUpBenchmarks
{
    private double[] _matrix = [];
    private double[] _destination = [];
    private int _entities;
    private int _replications;

    [Params("100x1000", "1000x10000")]
    public string Shape { get; set; } = "100x1000";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        _entities = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        _replications = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        _matrix = Baselines.SyntheticValues(_entities * _replications, seed: 7);
        _destination = new double[_replications];
        RollUp.Sum(_matrix, _entities, _destination);
        Baselines.RequireSameBits(Baselines.RollUpLinq(_matrix, _entities, _replications), _destination, "roll-up");
    }

    [Benchmark(Baseline = true)]
    public double[] Linq() => Baselines.RollUpLinq(_matrix, _entities, _replications);

    [Benchmark]
    public double[] Library()
    {
        RollUp.Sum(_matrix, _entities, _destination);
        return _destination;
    }

    [Benchmark]
    public double Bandwidth() => Baselines.SumAllBytes(_matrix);
}
