namespace LiubeiSim.Analysis.Tables;

/// <summary>
/// Rows of a tidy table, held by column (an <c>int[]</c>, <c>double[]</c>, <c>DateOnly[]</c> or <c>string[]</c> per
/// column, as its <see cref="TidyColumnType"/> says), since both Parquet and the assembly of parts work a column at a time.
/// </summary>
public sealed class TidyBatch
{
    private readonly Array[] _columns;

    public TidyBatch(TidyTableSchema schema, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        Schema = schema;
        RowCount = rowCount;
        _columns = schema.Columns.Select(c => Allocate(c.Type, rowCount)).ToArray();
    }

    public TidyTableSchema Schema { get; }

    public int RowCount { get; }

    public int[] Int32s(int column) => Column<int>(column, TidyColumnType.Int32);

    public double[] Doubles(int column) => Column<double>(column, TidyColumnType.Double);

    public DateOnly[] Dates(int column) => Column<DateOnly>(column, TidyColumnType.Date);

    public string[] Strings(int column) => Column<string>(column, TidyColumnType.String);

    public Array Column(int column) => _columns[column];

    /// <summary>The batches' rows one after another, in the order given.</summary>
    public static TidyBatch Concat(TidyTableSchema schema, IReadOnlyList<TidyBatch> batches)
    {
        if (batches.FirstOrDefault(b => !b.Schema.SameAs(schema)) is { } other)
        {
            throw new ArgumentException($"A batch of table {other.Schema.Name} does not have the columns of {schema.Name}.", nameof(batches));
        }

        var result = new TidyBatch(schema, batches.Sum(b => b.RowCount));
        for (var c = 0; c < schema.Columns.Count; c++)
        {
            var at = 0;
            foreach (var batch in batches)
            {
                Array.Copy(batch._columns[c], 0, result._columns[c], at, batch.RowCount);
                at += batch.RowCount;
            }
        }

        return result;
    }

    private T[] Column<T>(int column, TidyColumnType type)
    {
        if (Schema.Columns[column].Type != type)
        {
            throw new InvalidOperationException($"Column {Schema.Columns[column].Name} of {Schema.Name} is {Schema.Columns[column].Type}, not {type}.");
        }

        return (T[])_columns[column];
    }

    private static Array Allocate(TidyColumnType type, int rows) => type switch
    {
        TidyColumnType.Int32 => new int[rows],
        TidyColumnType.Double => new double[rows],
        TidyColumnType.Date => new DateOnly[rows],
        TidyColumnType.String => Filled(rows),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    // Strings start empty rather than null: every column of these tables is required.
    private static string[] Filled(int rows)
    {
        var values = new string[rows];
        Array.Fill(values, string.Empty);
        return values;
    }
}
