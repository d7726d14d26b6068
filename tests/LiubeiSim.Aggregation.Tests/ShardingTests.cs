using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

/// <summary>
/// The determinism contract: computing replications in shards and concatenating in replication order
/// gives the same bits as one block, and the same bits again under concurrent load.
/// </summary>
public class ShardingTests
{
    /// <summary>The columns [block.Start, block.End) of an entity-major matrix, as a shard would hold them.</summary>
    private static double[] ShardOf(double[] entityMajor, int rows, int replications, ReplicationBlock block)
    {
        var shard = new double[rows * block.Count];
        for (var e = 0; e < rows; e++)
        {
            entityMajor.AsSpan(e * replications + block.Start, block.Count).CopyTo(shard.AsSpan(e * block.Count));
        }

        return shard;
    }

    /// <summary>Merges per-shard row-major results back into rows × R, row by row, parts listed in the given order.</summary>
    private static double[] MergeRows(double[][] shardResults, ReplicationBlock[] blocks, int[] order, int rows, int replications)
    {
        var merged = new double[rows * replications];
        for (var row = 0; row < rows; row++)
        {
            var parts = order
                .Select(i => (blocks[i], new ReadOnlyMemory<double>(shardResults[i], row * blocks[i].Count, blocks[i].Count)))
                .ToList();
            ReplicationBlocks.Merge(parts, merged.AsSpan(row * replications, replications));
        }

        return merged;
    }

    private static readonly Gen<(int Entities, int Replications, double[] Values, int Groups, int[] GroupOf, int Shards, int[] Order)> Scenario =
        from matrix in Generators.Matrix(8, 40, Generators.Value).Where(m => m.Entities > 0 && m.Replications > 1)
        from groups in Gen.Int[1, 3]
        from groupOf in Gen.Int[-1, groups - 1].Array[matrix.Entities]
        from shards in Gen.Int[1, matrix.Replications]
        from order in Gen.Shuffle(Enumerable.Range(0, shards).ToArray())
        select (matrix.Entities, matrix.Replications, matrix.Values, groups, groupOf, shards, order);

    [Fact]
    public void Sharded_rollups_and_statistics_equal_one_block() =>
        Scenario.Sample((entities, replications, values, groups, groupOf, shards, order) =>
        {
            var blocks = ReplicationBlocks.Split(replications, shards);

            // One block.
            var total = new double[replications];
            RollUp.Sum(values, entities, total);
            var byGroup = new double[groups * replications];
            RollUp.SumByGroup(values, groupOf, groups, byGroup);

            // Per shard, then merged in a shuffled list order.
            var shardTotals = new double[blocks.Length][];
            var shardGroups = new double[blocks.Length][];
            for (var i = 0; i < blocks.Length; i++)
            {
                var shard = ShardOf(values, entities, replications, blocks[i]);
                shardTotals[i] = new double[blocks[i].Count];
                RollUp.Sum(shard, entities, shardTotals[i]);
                shardGroups[i] = new double[groups * blocks[i].Count];
                RollUp.SumByGroup(shard, groupOf, groups, shardGroups[i]);
            }

            var mergedTotal = MergeRows(shardTotals, blocks, order, 1, replications);
            var mergedGroups = MergeRows(shardGroups, blocks, order, groups, replications);
            Bits.Equal(total, mergedTotal);
            Bits.Equal(byGroup, mergedGroups);

            var levels = QuantileLevels.Standard.ToArray();
            var quantiles = new double[levels.Length];
            var mergedQuantiles = new double[levels.Length];
            Quantiles.Compute(total, levels, quantiles);
            Quantiles.Compute(mergedTotal, levels, mergedQuantiles);
            Bits.Equal(quantiles, mergedQuantiles);
            Bits.Equal(Moments.Mean(total), Moments.Mean(mergedTotal));
            Bits.Equal(Moments.StandardDeviation(total), Moments.StandardDeviation(mergedTotal));
            Bits.Equal(Moments.StandardError(total), Moments.StandardError(mergedTotal));
            Bits.Equal(Probability.FractionAtLeast(total, 0), Probability.FractionAtLeast(mergedTotal, 0));
            Bits.Equal(Probability.FractionAtMost(total, 0), Probability.FractionAtMost(mergedTotal, 0));
        });

    [Fact]
    public void Sharded_fan_chart_equals_one_block() =>
        Scenario.Sample((months, replications, values, _, _, shards, order) =>
        {
            var blocks = ReplicationBlocks.Split(replications, shards);
            var shardMonths = blocks.Select(b => ShardOf(values, months, replications, b)).ToArray();
            var merged = MergeRows(shardMonths, blocks, order, months, replications);
            Bits.Equal(values, merged);

            var levels = QuantileLevels.Standard.ToArray();
            var bands = new double[months * levels.Length];
            var mergedBands = new double[months * levels.Length];
            FanChart.Bands(values, months, levels, bands);
            FanChart.Bands(merged, months, levels, mergedBands);
            Bits.Equal(bands, mergedBands);
        });

    [Fact]
    public void Same_bits_under_concurrent_load()
    {
        // Fixed data, many threads at once: nothing may depend on scheduling or shared pool state.
        var random = new Random(20240611);
        const int entities = 40;
        const int replications = 2000;
        var values = Enumerable.Range(0, entities * replications).Select(_ => random.NextDouble() * 2e6 - 1e6).ToArray();
        var levels = QuantileLevels.Standard.ToArray();

        double[] Run()
        {
            var total = new double[replications];
            RollUp.Sum(values, entities, total);
            var bands = new double[entities * levels.Length];
            Quantiles.ComputeColumns(values, entities, levels, bands);
            var quantiles = new double[levels.Length];
            Quantiles.Compute(total, levels, quantiles);
            return [.. total, .. bands, .. quantiles, Moments.Mean(total), Moments.StandardDeviation(total)];
        }

        var expected = Run();
        var results = new double[32][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, i => results[i] = Run());
        foreach (var result in results)
        {
            Bits.Equal(expected, result);
        }
    }
}
