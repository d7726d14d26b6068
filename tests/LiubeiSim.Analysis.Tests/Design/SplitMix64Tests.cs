using CsCheck;
using LiubeiSim.Analysis.Design;

namespace LiubeiSim.Analysis.Tests.Design;

public sealed class SplitMix64Tests
{
    [Fact]
    public void Reference_outputs_for_seed_1234567()
    {
        var random = new SplitMix64(1234567);

        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];

        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => random.Next()));
    }

    [Fact]
    public void Doubles_lie_in_the_unit_interval_and_bounded_integers_below_the_bound() =>
        Gen.Select(Gen.ULong, Gen.Int[1, int.MaxValue]).Sample((seed, n) =>
        {
            var random = new SplitMix64(seed);
            Assert.InRange(random.NextDouble(), 0.0, Math.BitDecrement(1.0));
            Assert.InRange(random.NextBelow(n), 0, n - 1);
        });

    [Fact]
    public void Permutation_holds_each_index_once() =>
        Gen.Select(Gen.ULong, Gen.Int[0, 300]).Sample((seed, n) =>
            Assert.Equal(Enumerable.Range(0, n), new SplitMix64(seed).Permutation(n).Order()));
}
