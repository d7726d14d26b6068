namespace LiubeiSim.Analysis.Tables;

/// <summary>The file format of tidy tables.</summary>
public enum TidyTableFormat
{
    /// <summary>Apache Parquet: typed columns (INT32, DOUBLE, DATE, dictionary-encoded strings), Snappy-compressed.</summary>
    Parquet,

    /// <summary>CSV with a header: months as <c>YYYY-MM</c>, doubles in shortest round-trip form.</summary>
    Csv,
}
