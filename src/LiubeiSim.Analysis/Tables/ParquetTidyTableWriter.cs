using Parquet;
using Parquet.Schema;

namespace LiubeiSim.Analysis.Tables;

/// <summary>
/// Tidy tables as Apache Parquet, written with Parquet.Net: INT32, DOUBLE, DATE and required UTF-8 string columns,
/// Snappy pages, dictionary encoding for the columns that ask for it. A part is a one-row-group file of one point;
/// a table is its parts' rows gathered into row groups of whole points, each closed at the first point that brings it
/// to <see cref="RowGroupRows"/> rows, which bounds the memory of assembly to one row group.
/// <para>
/// The bytes are a function of the rows alone: the footer's <c>created_by</c> names Parquet.Net's version and build
/// (no time), and no other metadata is written.
/// </para>
/// </summary>
public sealed class ParquetTidyTableWriter : TidyTableWriter
{
    public const string FileExtension = "parquet";

    /// <summary>About DuckDB's own row-group size: big enough to read fast, small enough to hold in memory (~10 MB of indicators).</summary>
    public const int DefaultRowGroupRows = 122_880;

    public ParquetTidyTableWriter(string directory, IReadOnlyList<string> factors, int pointCount, int rowGroupRows = DefaultRowGroupRows)
        : base(directory, factors, pointCount, FileExtension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        RowGroupRows = rowGroupRows;
    }

    /// <summary>Rows from which a table's row group is closed. It is part of the output: equal values give equal bytes.</summary>
    public int RowGroupRows { get; }

    protected override async Task WritePartAsync(TidyBatch rows, string path, CancellationToken cancellationToken)
    {
        var fields = Fields(rows.Schema);
        await using var file = CreateFile(path);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, Options(rows.Schema), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await WriteRowGroupAsync(writer, fields, rows, cancellationToken).ConfigureAwait(false);
        }

        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }

    protected override async Task AssembleAsync(TidyTableSchema schema, IReadOnlyList<string> parts, string path, CancellationToken cancellationToken)
    {
        var fields = Fields(schema);
        await using var file = CreateFile(path);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, Options(schema), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var pending = new List<TidyBatch>();
            var rows = 0;
            foreach (var part in parts)
            {
                var batch = await ReadPartAsync(schema, fields, part, cancellationToken).ConfigureAwait(false);
                pending.Add(batch);
                rows += batch.RowCount;
                if (rows >= RowGroupRows)
                {
                    await WriteRowGroupAsync(writer, fields, TidyBatch.Concat(schema, pending), cancellationToken).ConfigureAwait(false);
                    pending.Clear();
                    rows = 0;
                }
            }

            if (pending.Count > 0)
            {
                await WriteRowGroupAsync(writer, fields, TidyBatch.Concat(schema, pending), cancellationToken).ConfigureAwait(false);
            }
        }

        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }

    private static DataField[] Fields(TidyTableSchema schema) => schema.Columns.Select(c => c.Type switch
    {
        TidyColumnType.Int32 => (DataField)new DataField<int>(c.Name),
        TidyColumnType.Double => new DataField<double>(c.Name),
        TidyColumnType.Date => new DataField<DateOnly>(c.Name),
        TidyColumnType.String => new DataField<string>(c.Name, nullable: false),
        _ => throw new ArgumentOutOfRangeException(nameof(schema), c.Type, null),
    }).ToArray();

    private static ParquetOptions Options(TidyTableSchema schema)
    {
        // Everything that shapes the bytes is set here rather than left to the library's defaults.
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Snappy,
            UseDateOnlyTypeForDates = true,
        };
        foreach (var column in schema.Columns)
        {
            options.ColumnEncodingHints[column.Name] = column.Dictionary ? EncodingHint.Dictionary : EncodingHint.Default;
        }

        return options;
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, DataField[] fields, TidyBatch rows, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        for (var c = 0; c < fields.Length; c++)
        {
            var task = rows.Schema.Columns[c].Type switch
            {
                TidyColumnType.Int32 => group.WriteAsync<int>(fields[c], rows.Int32s(c), cancellationToken: cancellationToken),
                TidyColumnType.Double => group.WriteAsync<double>(fields[c], rows.Doubles(c), cancellationToken: cancellationToken),
                TidyColumnType.Date => group.WriteAsync<DateOnly>(fields[c], rows.Dates(c), cancellationToken: cancellationToken),
                TidyColumnType.String => group.WriteAsync(fields[c], rows.Strings(c)),
                _ => throw new InvalidOperationException($"Column type {rows.Schema.Columns[c].Type}."),
            };
            await task.ConfigureAwait(false);
        }

        group.CompleteValidate();
    }

    private static async Task<TidyBatch> ReadPartAsync(TidyTableSchema schema, DataField[] fields, string path, CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(path, new ParquetOptions { UseDateOnlyTypeForDates = true }, cancellationToken).ConfigureAwait(false);
        if (reader.RowGroupCount != 1)
        {
            throw new InvalidDataException($"{path} has {reader.RowGroupCount} row groups; a part has one.");
        }

        using var group = reader.OpenRowGroupReader(0);
        var rows = new TidyBatch(schema, checked((int)group.RowCount));
        for (var c = 0; c < fields.Length; c++)
        {
            if (!group.ColumnExists(fields[c]))
            {
                throw new InvalidDataException($"{path} has no column {fields[c].Name}.");
            }

            var task = schema.Columns[c].Type switch
            {
                TidyColumnType.Int32 => group.ReadAsync<int>(fields[c], rows.Int32s(c), cancellationToken: cancellationToken),
                TidyColumnType.Double => group.ReadAsync<double>(fields[c], rows.Doubles(c), cancellationToken: cancellationToken),
                TidyColumnType.Date => group.ReadAsync<DateOnly>(fields[c], rows.Dates(c), cancellationToken: cancellationToken),
                TidyColumnType.String => ReadStringsAsync(group, fields[c], rows.Strings(c), path, cancellationToken),
                _ => throw new InvalidOperationException($"Column type {schema.Columns[c].Type}."),
            };
            await task.ConfigureAwait(false);
        }

        return rows;
    }

    private static async ValueTask ReadStringsAsync(ParquetRowGroupReader group, DataField field, string[] into, string path, CancellationToken cancellationToken)
    {
        var values = new string?[into.Length];
        await group.ReadAsync(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < values.Length; i++)
        {
            into[i] = values[i] ?? throw new InvalidDataException($"{path} has a null in column {field.Name}.");
        }
    }
}
