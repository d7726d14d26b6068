using System.Globalization;
using CsvHelper;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Analysis.Tests.Tables;

/// <summary>The sweep's tables written both ways, straight through, once for the tests of this class.</summary>
public sealed class WrittenSweep : IAsyncLifetime
{
    private readonly TempDirectory _root = new();

    public string ParquetDirectory => _root.Sub("parquet");

    public string CsvDirectory => _root.Sub("csv");

    public string Parquet(string table) => Path.Combine(ParquetDirectory, table + ".parquet");

    public string Csv(string table) => Path.Combine(CsvDirectory, table + ".csv");

    public async ValueTask InitializeAsync()
    {
        var order = Enumerable.Range(0, SweepRuns.Points.Count).ToArray();
        await SweepRuns.WriteAsync(TidyTableFormat.Parquet, ParquetDirectory, order);
        await SweepRuns.WriteAsync(TidyTableFormat.Csv, CsvDirectory, order);
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class ParquetTablesTests(WrittenSweep sweep) : IClassFixture<WrittenSweep>
{
    public static TheoryData<string> Tables => new(TidyTables.Names);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Parquet_read_by_DuckDB_equals_the_CSV_form_value_for_value(string table)
    {
        var (columns, rows) = DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Literal(sweep.Parquet(table))})");
        var csv = ReadCsv(sweep.Csv(table));
        var schema = TidyTables.Schema(table, SweepRuns.Factors);

        Assert.Equal(schema.Columns.Select(c => c.Name), columns);
        Assert.Equal(columns, csv[0]);
        Assert.Equal(rows.Count, csv.Count - 1);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var text = csv[r + 1][c];
                var value = rows[r][c];
                switch (schema.Columns[c].Type)
                {
                    case TidyColumnType.Int32:
                        Assert.Equal(int.Parse(text, CultureInfo.InvariantCulture), Assert.IsType<int>(value));
                        break;
                    case TidyColumnType.Double:
                        // Bits, not ==: exact, and true of NaN and -0 too.
                        var parsed = double.Parse(text, CultureInfo.InvariantCulture);
                        Assert.Equal(BitConverter.DoubleToInt64Bits(parsed), BitConverter.DoubleToInt64Bits(Assert.IsType<double>(value)));
                        Assert.Equal(text, RunReport.Number((double)value));
                        break;
                    case TidyColumnType.Date:
                        var date = AsDate(value);
                        Assert.Equal(1, date.Day);
                        Assert.Equal(text, TidyTables.MonthText(date));
                        Assert.Matches(@"^\d{4}-\d{2}$", text);
                        break;
                    case TidyColumnType.String:
                        Assert.Equal(text, Assert.IsType<string>(value));
                        break;
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Parquet_columns_are_INTEGER_DOUBLE_DATE_and_VARCHAR(string table)
    {
        var (_, rows) = DuckDb.Query($"DESCRIBE SELECT * FROM read_parquet({DuckDb.Literal(sweep.Parquet(table))})");
        var expected = TidyTables.Schema(table, SweepRuns.Factors).Columns.Select(c => (c.Name, c.Type switch
        {
            TidyColumnType.Int32 => "INTEGER",
            TidyColumnType.Double => "DOUBLE",
            TidyColumnType.Date => "DATE",
            _ => "VARCHAR",
        }));

        Assert.Equal(expected, rows.Select(r => ((string)r[0]!, (string)r[1]!)));
    }

    [Fact]
    public void Points_table_has_the_factor_columns_and_the_seed_as_a_decimal_string()
    {
        var (columns, rows) = DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Literal(sweep.Parquet(TidyTables.Points))}) ORDER BY point");

        Assert.Equal(["point", "levers.sgmw_demand_growth", "levers.nev_transition_share", "replications", "seed"], columns);
        for (var p = 0; p < SweepRuns.Points.Count; p++)
        {
            var point = SweepRuns.Points[p];
            Assert.Equal(p, rows[p][0]);
            Assert.Equal(point.FactorValues[SweepRuns.Factors[0]], rows[p][1]);
            Assert.Equal(point.FactorValues[SweepRuns.Factors[1]], rows[p][2]);
            Assert.Equal(SweepRuns.Replications, rows[p][3]);
            Assert.Equal("20230101", rows[p][4]);
        }
    }

    [Theory]
    [InlineData(TidyTables.Indicators, "indicator")]
    [InlineData(TidyTables.Indicators, "scope")]
    [InlineData(TidyTables.Indicators, "unit")]
    [InlineData(TidyTables.Targets, "indicator")]
    [InlineData(TidyTables.Targets, "scope")]
    public void String_columns_are_dictionary_encoded(string table, string column)
    {
        var (_, rows) = DuckDb.Query(
            $"SELECT encodings FROM parquet_metadata({DuckDb.Literal(sweep.Parquet(table))}) WHERE path_in_schema = '{column}'");

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Matches("RLE_DICTIONARY|PLAIN_DICTIONARY", (string)r[0]!));
    }

    [Fact]
    public void Tables_hold_every_month_and_series_of_every_point_as_the_run_reports_them()
    {
        var csv = ReadCsv(sweep.Csv(TidyTables.Indicators));
        var perPoint = SweepRuns.Points[0].Result.Months * SeriesLayout.Count;
        Assert.Equal(SweepRuns.Points.Count * perPoint, csv.Count - 1);

        for (var p = 0; p < SweepRuns.Points.Count; p++)
        {
            // The run's own indicators.csv is these rows without the point and unit columns.
            var run = ReadCsv(RunReport.IndicatorsCsv(SweepRuns.Points[p].Result));
            var rows = csv.Skip(1 + (p * perPoint)).Take(perPoint).ToArray();
            Assert.All(rows, r => Assert.Equal(p.ToString(CultureInfo.InvariantCulture), r[0]));
            Assert.Equal(run.Skip(1).Select(r => string.Join(',', r)), rows.Select(r => string.Join(',', r.Where((_, i) => i is not 0 and not 4))));
        }

        var targets = ReadCsv(sweep.Csv(TidyTables.Targets));
        Assert.Equal(SweepRuns.Points.Sum(p => p.Result.Targets.Count), targets.Count - 1);
    }

    [Fact]
    public void Parquet_footer_names_the_library_and_holds_no_other_metadata()
    {
        foreach (var table in TidyTables.Names)
        {
            var (_, rows) = DuckDb.Query($"SELECT created_by FROM parquet_file_metadata({DuckDb.Literal(sweep.Parquet(table))})");
            Assert.StartsWith("Parquet.Net version ", (string)rows.Single()[0]!, StringComparison.Ordinal);
            var (_, metadata) = DuckDb.Query($"SELECT * FROM parquet_kv_metadata({DuckDb.Literal(sweep.Parquet(table))})");
            Assert.Empty(metadata);
        }
    }

    [Fact]
    public async Task Row_groups_gather_whole_points_up_to_the_bound()
    {
        using var temp = new TempDirectory();
        var perPoint = SweepRuns.Points[0].Result.Months * SeriesLayout.Count;

        // A bound of two points' rows closes a group at every second point.
        await SweepRuns.WriteAsync(TidyTableFormat.Parquet, temp.Path, [0, 1, 2], rowGroupRows: 2 * perPoint);
        var (_, groups) = DuckDb.Query(
            $"SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata({DuckDb.Literal(Path.Combine(temp.Path, "indicators.parquet"))}) ORDER BY row_group_id");
        Assert.Equal([2L * perPoint, perPoint], groups.Select(g => Convert.ToInt64(g[1], CultureInfo.InvariantCulture)));

        // The straight-through default holds the small sweep in one group.
        var (_, one) = DuckDb.Query(
            $"SELECT DISTINCT row_group_id FROM parquet_metadata({DuckDb.Literal(sweep.Parquet(TidyTables.Indicators))})");
        Assert.Single(one);
    }

    private static DateOnly AsDate(object? value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => throw new InvalidOperationException($"Not a date: {value?.GetType()}"),
    };

    private static List<string[]> ReadCsv(string pathOrText)
    {
        using TextReader text = File.Exists(pathOrText) ? new StreamReader(pathOrText) : new StringReader(pathOrText);
        using var parser = new CsvParser(text, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (parser.Read())
        {
            rows.Add(parser.Record!);
        }

        return rows;
    }
}
