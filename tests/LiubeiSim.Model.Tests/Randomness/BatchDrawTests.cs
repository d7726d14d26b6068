using CsCheck;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Tests.Randomness;

/// <summary>
/// The engine's fast draws must give exactly the bits of the one-at-a-time draws they replaced (the golden hashes rest
/// on it): batches in SIMD lanes against <see cref="CounterRandom"/> and <see cref="Distributions.InverseNormal"/>, and
/// CDF tables against the inversion loops, compared as raw bits.
/// </summary>
public sealed class BatchDrawTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    [Fact]
    public void Batched_uniforms_and_normals_have_the_bits_of_one_at_a_time()
    {
        var tails = 0;
        Gen.Select(Gen.ULong, Gen.Int[0, 1_000_000_000], Gen.Int[0, 200]).Sample((key, first, length) =>
        {
            var uniforms = new double[length];
            var normals = new double[length];
            BatchDraws.Uniforms(key, first, uniforms);
            BatchDraws.Normals(key, first, normals);
            for (var i = 0; i < length; i++)
            {
                var u = CounterRandom.Uniform(key, first + i);
                Assert.Equal(Bits(u), Bits(uniforms[i]));
                Assert.Equal(Bits(CounterRandom.Normal(key, first + i)), Bits(normals[i]));
                tails += u is < 0.02425 or > 1 - 0.02425 ? 1 : 0;
            }
        }, iter: 2_000);

        // Both of Acklam's tail branches go through the scalar fix-up; make sure the sample reached them.
        Assert.True(tails > 100, $"only {tails} draws fell in the tails");
    }

    [Fact]
    public void Batched_lognormal_factors_have_the_bits_of_one_at_a_time()
    {
        Gen.Select(Gen.ULong, Gen.Int[0, 1_000_000_000], Gen.Int[0, 200], Gen.Double[0, 0.8]).Sample((key, first, length, sigma) =>
        {
            var normals = new double[length];
            BatchDraws.Normals(key, first, normals);
            foreach (var noise in new[] { Noise.Enabled, Noise.Off })
            {
                var factors = normals.ToArray();
                noise.Factors(sigma, factors);
                for (var i = 0; i < length; i++)
                {
                    Assert.Equal(Bits(noise.Factor(sigma, normals[i])), Bits(factors[i]));
                }
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Batched_inverse_normal_matches_at_the_branch_edges_and_extremes()
    {
        const double low = 0.02425;
        double[] edges =
        [
            double.Epsilon, 1e-300, 1e-17, 0.5 / (1UL << 53), low, Math.BitDecrement(low), Math.BitIncrement(low),
            1 - low, Math.BitDecrement(1 - low), Math.BitIncrement(1 - low), 0.5, Math.BitDecrement(0.5), Math.BitIncrement(0.5),
            1 - (0.5 / (1UL << 53)), Math.BitDecrement(1.0), 0.3, 0.7, 0.975, 0.025,
        ];

        // Every position of a vector, so each edge is seen by the lanes and by the scalar remainder.
        for (var offset = 0; offset < 9; offset++)
        {
            var values = new double[edges.Length + offset];
            Array.Fill(values, 0.5);
            edges.CopyTo(values, offset);
            var expected = values.Select(Distributions.InverseNormal).ToArray();
            BatchDraws.InverseNormals(values);
            Assert.Equal(expected.Select(Bits), values.Select(Bits));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(1e-9)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.7)]
    [InlineData(17.0)]
    [InlineData(120.0)]
    [InlineData(499.99)]
    [InlineData(500.0)]
    [InlineData(500.01)]
    [InlineData(800.0)]
    public void A_poisson_table_gives_the_loop_s_count_for_every_uniform(double mean)
    {
        var table = new PoissonTable(mean);
        Gen.Double[0, 1].Where(u => u > 0 && u < 1).Sample(u => Assert.Equal(Distributions.Poisson(mean, u), table.Sample(u)), iter: 5_000);

        // At and beside each CDF value the loop turns on `uniform > cdf`: walk the loop's own CDF and test there.
        var p = Math.Exp(-mean);
        var cdf = p;
        for (var k = 0; k < 2_000 && mean is > 0 and <= 500 && cdf < 1; k++)
        {
            foreach (var u in new[] { cdf, Math.BitDecrement(cdf), Math.BitIncrement(cdf) })
            {
                if (u is > 0 and < 1)
                {
                    Assert.Equal(Distributions.Poisson(mean, u), table.Sample(u));
                }
            }

            p *= mean / (k + 1);
            cdf += p;
        }

        foreach (var u in new[] { 0.5 / (1UL << 53), 1 - (0.5 / (1UL << 53)) })
        {
            Assert.Equal(Distributions.Poisson(mean, u), table.Sample(u));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.035)]
    [InlineData(0.723)]
    [InlineData(12.5)]
    [InlineData(800.0)]
    public void Every_uniform_up_to_a_table_s_zero_bound_draws_no_event_and_the_next_one_does(double mean)
    {
        // The pipelines' history passes over uniforms at or below ZeroUpTo without a lookup: the loop must agree.
        var table = new PoissonTable(mean);
        var bound = table.ZeroUpTo;
        if (bound < 0)
        {
            // Nothing tabulated: no shortcut is offered, every draw goes to the loop.
            Assert.True(mean <= 0 || mean > Distributions.NormalApproximationAbove);
            return;
        }

        Assert.Equal(0, Distributions.Poisson(mean, bound));
        Assert.Equal(0, Distributions.Poisson(mean, Math.BitDecrement(bound)));
        Assert.True(Distributions.Poisson(mean, Math.BitIncrement(bound)) >= 1);
        Gen.Double[0, bound].Where(u => u > 0).Sample(u => Assert.Equal(0, Distributions.Poisson(mean, u)), iter: 1_000);
    }

    [Fact]
    public void A_run_s_poisson_tables_are_built_once_per_mean_and_keep_the_signs_of_zero_apart()
    {
        var cache = new PoissonTableCache();
        Assert.Same(cache.For(0.035), cache.For(0.035));
        Assert.NotSame(cache.For(0.035), cache.For(Math.BitIncrement(0.035)));
        Assert.NotSame(cache.For(0.0), cache.For(-0.0));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(cache.For(-0.0).Mean));

        // Shared by blocks set up on every core: one table per mean whoever asks first.
        var tables = new PoissonTable[64];
        Parallel.For(0, tables.Length, i => tables[i] = cache.For(0.723));
        Assert.All(tables, t => Assert.Same(tables[0], t));
        Gen.Double[0, 1].Where(u => u > 0 && u < 1).Sample(u => Assert.Equal(new PoissonTable(0.723).Sample(u), cache.For(0.723).Sample(u)), iter: 1_000);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-6)]
    [InlineData(0.1)]
    [InlineData(1.0 / 3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void Binomial_tables_give_the_loop_s_count_for_every_number_of_trials(double probability)
    {
        var tables = new BinomialTables(probability);
        Gen.Select(Gen.Int[0, BinomialTables.MaxTabulatedTrials + 100], Gen.Double[0, 1].Where(u => u > 0 && u < 1))
            .Sample((trials, u) => Assert.Equal(Distributions.Binomial(trials, probability, u), tables.Sample(trials, u)), iter: 20_000);
        foreach (var trials in new[] { -1, 0, 1, 2, BinomialTables.MaxTabulatedTrials, BinomialTables.MaxTabulatedTrials + 1 })
        {
            foreach (var u in new[] { 0.5 / (1UL << 53), 0.25, 0.5, 1 - (0.5 / (1UL << 53)) })
            {
                Assert.Equal(Distributions.Binomial(trials, probability, u), tables.Sample(trials, u));
            }
        }
    }
}
