namespace LiubeiSim.Analysis.Tables;

/// <summary>The name and ordered columns of a tidy table; the name is also its file's name (<c>points.parquet</c>).</summary>
public sealed class TidyTableSchema
{
    public TidyTableSchema(string name, IReadOnlyList<TidyColumn> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (columns.Count == 0)
        {
            throw new ArgumentException($"Table {name} has no column.", nameof(columns));
        }

        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Table {name} names column '{duplicate.Key}' twice.", nameof(columns));
        }

        Name = name;
        Columns = columns.ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<TidyColumn> Columns { get; }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Same name and columns: what lets batches of two schemas be written to one file.</summary>
    public bool SameAs(TidyTableSchema other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal) && Columns.SequenceEqual(other.Columns);
}
