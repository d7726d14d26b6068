using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

public class FanChartTests
{
    [Fact]
    public void Bands_per_month()
    {
        // 3 months × 5 replications.
        double[] months = [5, 1, 4, 2, 3, 10, 50, 20, 40, 30, 0, 0, 0, 0, 8];
        var bands = new double[3 * 3];
        FanChart.Bands(months, 3, [0, 0.5, 0.9], bands);
        // Month 0 sorted 1..5: p 0.9 → h 3.6 → 4 + 0.6·1. Month 2: 0,0,0,0,8 → 0 + 0.6·8.
        Bits.Equal([1.0, 3.0, 4 + 0.6000000000000001 * 1, 10.0, 30.0, 40 + 0.6000000000000001 * 10, 0.0, 0.0, 0.6000000000000001 * 8], bands);
    }

    [Fact]
    public void Rejects_mismatched_sizes()
    {
        Assert.Throws<ArgumentException>(() => FanChart.Bands(new double[7], 2, [0.5], new double[2]));
        Assert.Throws<ArgumentException>(() => FanChart.Bands(new double[8], 2, [0.5], new double[3]));
    }

    [Fact]
    public void Bands_equal_Compute_per_month() =>
        (from matrix in Generators.Matrix(6, 40, Generators.Value).Where(m => m.Replications > 0)
         select matrix)
        .Sample((months, replications, values) =>
        {
            var levels = QuantileLevels.Standard.ToArray();
            var bands = new double[months * levels.Length];
            FanChart.Bands(values, months, levels, bands);
            for (var t = 0; t < months; t++)
            {
                var expected = Reference.Quantiles(values.Skip(t * replications).Take(replications), levels);
                Bits.Equal(expected, bands.AsSpan(t * levels.Length, levels.Length));
            }
        });
}
