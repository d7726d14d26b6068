using LiubeiSim.Analysis.Tables;

namespace LiubeiSim.Analysis.Tests.Tables;

/// <summary>
/// The tables' bytes depend on the points' results alone: not on the order points finish in, nor on a sweep being
/// stopped and resumed by another writer on the same directory.
/// </summary>
public sealed class ResumeTests
{
    public static TheoryData<TidyTableFormat> Formats => new(TidyTableFormat.Parquet, TidyTableFormat.Csv);

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Points_appended_in_a_scrambled_order_give_the_bytes_of_a_straight_write(TidyTableFormat format)
    {
        using var temp = new TempDirectory();
        var straight = await SweepRuns.WriteAsync(format, temp.Sub("straight"), [0, 1, 2]);
        var scrambled = await SweepRuns.WriteAsync(format, temp.Sub("scrambled"), [2, 0, 1]);

        AssertSameTables(straight, scrambled);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Points_appended_concurrently_give_the_bytes_of_a_straight_write(TidyTableFormat format)
    {
        using var temp = new TempDirectory();
        var straight = await SweepRuns.WriteAsync(format, temp.Sub("straight"), [0, 1, 2]);

        var concurrent = SweepRuns.Open(format, temp.Sub("concurrent"));
        await Task.WhenAll(Enumerable.Range(0, SweepRuns.Points.Count).Select(p => Task.Run(() => SweepRuns.AppendAsync(concurrent, [p]), TestContext.Current.CancellationToken)));
        await concurrent.CompleteAsync(TestContext.Current.CancellationToken);

        AssertSameTables(straight, concurrent);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_sweep_abandoned_halfway_and_resumed_by_a_new_writer_gives_the_bytes_of_a_straight_write(TidyTableFormat format)
    {
        using var temp = new TempDirectory();
        var straight = await SweepRuns.WriteAsync(format, temp.Sub("straight"), [0, 1, 2]);

        var directory = temp.Sub("resumed");
        var abandoned = SweepRuns.Open(format, directory);
        await SweepRuns.AppendAsync(abandoned, [2, 0]);

        // What a process killed while writing point 1 leaves: a half-written file under its temporary name, and a part
        // renamed into place before the point's points part (here with another point's rows, so a resume that kept
        // it would show).
        File.WriteAllText(abandoned.PartPath(1, TidyTables.Indicators) + ".tmp", "half a file");
        File.Copy(abandoned.PartPath(0, TidyTables.Targets), abandoned.PartPath(1, TidyTables.Targets));

        var resumed = SweepRuns.Open(format, directory);
        Assert.True(resumed.IsPointDone(0));
        Assert.False(resumed.IsPointDone(1));
        Assert.True(resumed.IsPointDone(2));
        Assert.False(File.Exists(abandoned.PartPath(1, TidyTables.Indicators) + ".tmp"));

        await SweepRuns.AppendAsync(resumed, Enumerable.Range(0, SweepRuns.Points.Count).Where(p => !resumed.IsPointDone(p)));
        await resumed.CompleteAsync(TestContext.Current.CancellationToken);

        AssertSameTables(straight, resumed);
        Assert.Equal(TidyTables.Names.Select(t => $"{t}.{resumed.Extension}").Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Tables_are_written_only_once_every_point_is_in(TidyTableFormat format)
    {
        using var temp = new TempDirectory();
        var writer = SweepRuns.Open(format, temp.Path);
        await SweepRuns.AppendAsync(writer, [0, 2]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync(TestContext.Current.CancellationToken));
        Assert.Contains("1 of 3 points are not written yet: 1.", error.Message, StringComparison.Ordinal);
        Assert.All(TidyTables.Names, t => Assert.False(File.Exists(writer.TablePath(t))));

        await SweepRuns.AppendAsync(writer, [1]);
        await writer.CompleteAsync(TestContext.Current.CancellationToken);
        Assert.All(TidyTables.Names, t => Assert.True(File.Exists(writer.TablePath(t))));
        Assert.False(Directory.Exists(writer.PartsDirectory));
    }

    [Fact]
    public async Task A_point_is_written_once()
    {
        using var temp = new TempDirectory();
        var writer = SweepRuns.Open(TidyTableFormat.Parquet, temp.Path);
        await SweepRuns.AppendAsync(writer, [1]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => SweepRuns.AppendAsync(writer, [1]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => SweepRuns.AppendAsync(SweepRuns.Open(TidyTableFormat.Parquet, temp.Path), [1]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SweepRuns.AppendAsync(writer, [3]));
    }

    [Fact]
    public async Task Parts_of_another_sweep_are_not_resumed()
    {
        using var temp = new TempDirectory();
        await SweepRuns.AppendAsync(SweepRuns.Open(TidyTableFormat.Csv, temp.Path), [0]);

        Assert.Throws<InvalidOperationException>(() => new CsvTidyTableWriter(temp.Path, ["levers.sgmw_demand_growth"], SweepRuns.Points.Count));
        Assert.Throws<InvalidOperationException>(() => new CsvTidyTableWriter(temp.Path, SweepRuns.Factors, 4));
        Assert.Throws<InvalidOperationException>(() => new ParquetTidyTableWriter(temp.Path, SweepRuns.Factors, SweepRuns.Points.Count));
    }

    [Fact]
    public async Task A_point_must_give_exactly_the_factors()
    {
        using var temp = new TempDirectory();
        var writer = SweepRuns.Open(TidyTableFormat.Parquet, temp.Path);
        var result = SweepRuns.Points[0].Result;
        var ct = TestContext.Current.CancellationToken;

        var missing = new Dictionary<string, double> { [SweepRuns.Factors[0]] = 5 };
        await Assert.ThrowsAsync<ArgumentException>(() => writer.AppendPointAsync(0, missing, result, ct));
        var extra = new Dictionary<string, double>(SweepRuns.Points[0].FactorValues) { ["levers.services_growth"] = 1 };
        await Assert.ThrowsAsync<ArgumentException>(() => writer.AppendPointAsync(0, extra, result, ct));

        // A refused point leaves no part behind.
        Assert.False(writer.IsPointDone(0));
        Assert.Equal([TidyTableWriter.LayoutFileName], Directory.EnumerateFiles(writer.PartsDirectory).Select(Path.GetFileName));
    }

    private static void AssertSameTables(TidyTableWriter expected, TidyTableWriter actual)
    {
        foreach (var table in TidyTables.Names)
        {
            var bytes = File.ReadAllBytes(expected.TablePath(table));
            Assert.NotEmpty(bytes);
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(actual.TablePath(table))), $"{table}.{actual.Extension} differs from the straight write's.");
        }
    }
}
