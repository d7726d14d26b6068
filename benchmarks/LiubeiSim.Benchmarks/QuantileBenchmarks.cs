using BenchmarkDotNet.Attributes;
using LiubeiSim.Aggregation;

namespace LiubeiSim.Benchmarks;

/// <summary>P5, P10, P50, P90, P95 of 50 indicators across R replications: selection against sorting each column.</summary>
[MemoryDiagnoser]
public class QuantileBenchmarks
{
    private const int Indicators = 50;
    private double[] _matrix = [];
    private double[] _destination = [];
    private double[] _scratch = [];

    [Params(1_000, 10_000, 100_000)]
    public int R { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _matrix = Baselines.SyntheticValues(Indicators * R, seed: 11);
        _destination = new double[Indicators * QuantileLevels.Standard.Length];
        _scratch = new double[R];
        var expected = new double[_destination.Length];
        Baselines.QuantilesBySorting(_matrix, Indicators, QuantileLevels.Standard, expected, _scratch);
        Quantiles.ComputeColumns(_matrix, Indicators, QuantileLevels.Standard, _destination);
        Baselines.RequireSameBits(expected, _destination, "quantiles");
    }

    [Benchmark(Baseline = true)]
    public double[] SortEachColumn()
    {
        Baselines.QuantilesBySorting(_matrix, Indicators, QuantileLevels.Standard, _destination, _scratch);
        return _destination;
    }

    [Benchmark]
    public double[] Selection()
    {
        Quantiles.ComputeColumns(_matrix, Indicators, QuantileLevels.Standard, _destination);
        return _destination;
    }
}
