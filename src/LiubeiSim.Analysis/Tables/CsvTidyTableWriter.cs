using System.Globalization;
using System.Text;
using CsvHelper;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Analysis.Tables;

/// <summary>
/// Tidy tables as CSV (UTF-8, no BOM, a header row), the columns of the Parquet form: months as <c>YYYY-MM</c>,
/// doubles in shortest round-trip form (<see cref="RunReport.Number"/>), so a value reads back as the exact double. A
/// part holds a point's rows without the header; a table is the header followed by the parts' bytes, streamed.
/// </summary>
public sealed class CsvTidyTableWriter : TidyTableWriter
{
    public const string FileExtension = "csv";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public CsvTidyTableWriter(string directory, IReadOnlyList<string> factors, int pointCount)
        : base(directory, factors, pointCount, FileExtension)
    {
    }

    /// <summary>The text of a cell as CSV writes it.</summary>
    public static string Cell(TidyBatch rows, int column, int row) => rows.Schema.Columns[column].Type switch
    {
        TidyColumnType.Int32 => rows.Int32s(column)[row].ToString(CultureInfo.InvariantCulture),
        TidyColumnType.Double => RunReport.Number(rows.Doubles(column)[row]),
        TidyColumnType.Date => TidyTables.MonthText(rows.Dates(column)[row]),
        TidyColumnType.String => rows.Strings(column)[row],
        _ => throw new InvalidOperationException($"Column type {rows.Schema.Columns[column].Type}."),
    };

    protected override async Task WritePartAsync(TidyBatch rows, string path, CancellationToken cancellationToken)
    {
        await using var file = CreateFile(path);
        await using (var text = new StreamWriter(file, Utf8, leaveOpen: true))
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            for (var row = 0; row < rows.RowCount; row++)
            {
                for (var c = 0; c < rows.Schema.Columns.Count; c++)
                {
                    csv.WriteField(Cell(rows, c, row));
                }

                await csv.NextRecordAsync().ConfigureAwait(false);
            }
        }

        file.Flush(flushToDisk: true);
    }

    protected override async Task AssembleAsync(TidyTableSchema schema, IReadOnlyList<string> parts, string path, CancellationToken cancellationToken)
    {
        await using var file = CreateFile(path);
        await using (var text = new StreamWriter(file, Utf8, leaveOpen: true))
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var column in schema.Columns)
            {
                csv.WriteField(column.Name);
            }

            await csv.NextRecordAsync().ConfigureAwait(false);
        }

        foreach (var part in parts)
        {
            await using var source = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        file.Flush(flushToDisk: true);
    }
}
