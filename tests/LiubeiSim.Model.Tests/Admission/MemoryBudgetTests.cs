using LiubeiSim.Model.Admission;

namespace LiubeiSim.Model.Tests.Admission;

public sealed class MemoryBudgetTests
{
    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("512 Mi", 512L << 20)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("3GB", 3_000_000_000L)]
    [InlineData("64k", 64L << 10)]
    public void Sizes_read_as_people_write_them(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1GiB")]
    [InlineData("lots")]
    [InlineData("2 parsecs")]
    [InlineData("1e30")]
    [InlineData("NaN")]
    [InlineData("99999999TiB")]
    public void Anything_else_is_not_a_size(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Theory]
    [InlineData(512L, "512 B")]
    [InlineData(1536L << 20, "1.5 GiB")]
    [InlineData(640L << 20, "640 MiB")]
    public void Sizes_print_in_binary_units(long bytes, string text) => Assert.Equal(text, ByteSize.Format(bytes));

    [Fact]
    public void The_budget_is_a_share_of_the_available_memory_unless_a_size_is_given()
    {
        var half = MemoryBudget.Resolve(null, MemoryBudget.DefaultFraction, 4L << 30, "Admission:MemoryBudget", "Admission:MemoryFraction");
        Assert.Equal(2L << 30, half.Bytes);
        Assert.Contains("half of the 4 GiB", half.Source, StringComparison.Ordinal);
        Assert.Contains("Admission:MemoryFraction", half.Source, StringComparison.Ordinal);

        var given = MemoryBudget.Resolve("1GiB", 0.5, 4L << 30, "Admission:MemoryBudget", "Admission:MemoryFraction");
        Assert.Equal(1L << 30, given.Bytes);
        Assert.Equal("Admission:MemoryBudget=1GiB", given.Source);
    }

    [Theory]
    [InlineData("lots", 0.5, "Admission:MemoryBudget")]
    [InlineData(null, 0.0, "Admission:MemoryFraction")]
    [InlineData(null, 1.5, "Admission:MemoryFraction")]
    [InlineData(null, double.NaN, "Admission:MemoryFraction")]
    public void A_wrong_setting_is_refused_naming_it(string? size, double fraction, string setting)
    {
        var e = Assert.Throws<ArgumentException>(() => MemoryBudget.Resolve(size, fraction, 4L << 30, "Admission:MemoryBudget", "Admission:MemoryFraction"));
        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
    }
}
