using CsCheck;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Tests.Engine;

public sealed class RandomnessTests
{
    [Fact]
    public void Entity_keys_are_stable_across_processes()
    {
        // Pinned: a change here changes every number of every run.
        Assert.Equal(EntityKey.Of("liubei"), EntityKey.Of(new string("liubei".ToCharArray())));
        Assert.NotEqual(EntityKey.Of("shatang"), EntityKey.Of("shibeiping"));
        Assert.Equal(0x029D1894D77A3029UL, EntityKey.Of("liubei"));
        Assert.Equal(0.5176346262343796, CounterRandom.Uniform(CounterRandom.StreamKey(1, 2, 3, 4), 5));
    }

    [Fact]
    public void Uniforms_are_strictly_inside_0_1_and_about_uniform()
    {
        var key = CounterRandom.StreamKey(42, EntityKey.Of("liubei"), 24_276, 0);
        var sum = 0.0;
        const int n = 100_000;
        for (var r = 0; r < n; r++)
        {
            var u = CounterRandom.Uniform(key, r);
            Assert.True(u is > 0 and < 1);
            sum += u;
        }

        Assert.InRange(sum / n, 0.495, 0.505);
    }

    [Fact]
    public void Inverse_normal_matches_known_quantiles()
    {
        Assert.Equal(0, Distributions.InverseNormal(0.5), 9);
        Assert.Equal(1.959963985, Distributions.InverseNormal(0.975), 6);
        Assert.Equal(-2.326347874, Distributions.InverseNormal(0.01), 6);
    }

    [Fact]
    public void Poisson_has_its_mean_and_variance()
    {
        var key = CounterRandom.StreamKey(7, 1, 2, 3);
        var values = Enumerable.Range(0, 50_000).Select(r => (double)Distributions.Poisson(4.7, CounterRandom.Uniform(key, r))).ToArray();
        Assert.InRange(Aggregation.Moments.Mean(values), 4.6, 4.8);
        var sd = Aggregation.Moments.StandardDeviation(values);
        Assert.InRange(sd * sd, 4.5, 4.9);
    }

    [Fact]
    public void Poisson_and_binomial_are_monotone_in_their_mean_for_a_fixed_uniform() =>
        Gen.Select(Gen.Double[0.0001, 0.9999], Gen.Double[0, 50], Gen.Double[0, 50]).Sample((u, a, b) =>
        {
            var (lo, hi) = a <= b ? (a, b) : (b, a);
            return Distributions.Poisson(lo, u) <= Distributions.Poisson(hi, u)
                && Distributions.Binomial(10, lo / 50, u) <= Distributions.Binomial(10, hi / 50, u);
        });

    [Fact]
    public void S_curve_spends_everything_over_the_build() =>
        Gen.Int[1, 120].Sample(d =>
        {
            var total = 0.0;
            for (var k = 0; k < d; k++)
            {
                total += ProjectDynamics.SCurve(k, d);
            }

            return Math.Abs(total - 1) < 1e-12 && ProjectDynamics.SCurve(d, d) == 0 && ProjectDynamics.SCurve(-1, d) == 0;
        });
}
