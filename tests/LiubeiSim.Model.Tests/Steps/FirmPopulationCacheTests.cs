using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Steps;

/// <summary>
/// The synthetic-firm cache is per process and bounded: a sweep over seeds or a long-lived server must not keep every
/// population it ever made, and a population rebuilt after eviction must be the same bits.
/// </summary>
/// <remarks>
/// Other tests fill the same cache in parallel, so these assert bounds and equal values, never which entries are in it.
/// Seeds here start far from any scenario's, so no other test touches these keys.
/// </remarks>
public sealed class FirmPopulationCacheTests
{
    private const ulong Seeds = 0xCAC4E_0000_0000;
    private const double SizeTail = 1.4;
    private static readonly double[] ChainOutput0 = [120.5, 33.25, 7.0, 410.0];

    [Fact]
    public void Many_seeds_keep_the_cache_within_its_limits()
    {
        Assert.True(FirmPopulation.CacheCapacity < 200, "The sweep below must outnumber the cache to test its bound.");
        for (var i = 0ul; i < 200; i++)
        {
            Assert.Equal(50, FirmPopulation.For(Seeds + i, 50, ChainOutput0, SizeTail).Count);
            Assert.InRange(FirmPopulation.CachedCount, 1, FirmPopulation.CacheCapacity);
            Assert.InRange(FirmPopulation.CachedFirms, 1, FirmPopulation.CacheMaxFirms);
        }
    }

    [Fact]
    public void Large_populations_keep_the_cache_within_its_firm_limit()
    {
        // Twenty of the largest a scenario may ask for: the firm limit, not the count, is what binds.
        for (var i = 0ul; i < 20; i++)
        {
            FirmPopulation.For(Seeds + 1000 + i, 100_000, ChainOutput0, SizeTail);
            Assert.InRange(FirmPopulation.CachedFirms, 1, FirmPopulation.CacheMaxFirms);
        }
    }

    [Fact]
    public void A_repeated_key_returns_an_equal_population()
    {
        var first = FirmPopulation.For(Seeds + 2000, 300, ChainOutput0, SizeTail);
        var again = FirmPopulation.For(Seeds + 2000, 300, [.. ChainOutput0], SizeTail);

        AssertSameBits(first, again);
        Assert.NotEqual(first.Share, FirmPopulation.For(Seeds + 2001, 300, ChainOutput0, SizeTail).Share);
    }

    [Fact]
    public void A_population_rebuilt_after_eviction_is_the_same_bits()
    {
        var first = FirmPopulation.For(Seeds + 3000, 400, ChainOutput0, SizeTail);
        for (var i = 1ul; i <= (ulong)FirmPopulation.CacheCapacity + 4; i++)
        {
            FirmPopulation.For(Seeds + 3000 + i, 10, ChainOutput0, SizeTail);
        }

        var rebuilt = FirmPopulation.For(Seeds + 3000, 400, ChainOutput0, SizeTail);

        // More distinct keys than the cache holds came since, so it was evicted and generated again.
        Assert.NotSame(first, rebuilt);
        AssertSameBits(first, rebuilt);
    }

    private static void AssertSameBits(FirmPopulation expected, FirmPopulation actual)
    {
        Assert.Equal(expected.Chain, actual.Chain);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected.Ids, actual.Ids);
        Assert.Equal(expected.Share.Select(BitConverter.DoubleToInt64Bits), actual.Share.Select(BitConverter.DoubleToInt64Bits));
    }
}
