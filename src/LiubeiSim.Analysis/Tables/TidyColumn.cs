namespace LiubeiSim.Analysis.Tables;

/// <summary>What a tidy-table column holds, as Parquet stores it (INT32, DOUBLE, DATE, UTF-8 string) and CSV writes it.</summary>
public enum TidyColumnType
{
    Int32,
    Double,

    /// <summary>A month, held as its first day (Parquet DATE); CSV writes it <c>YYYY-MM</c>.</summary>
    Date,
    String,
}

/// <summary>A column of a tidy table.</summary>
/// <param name="Dictionary">Whether Parquet stores the column dictionary-encoded: for strings with few distinct values.</param>
public sealed record TidyColumn(string Name, TidyColumnType Type, bool Dictionary = false);
