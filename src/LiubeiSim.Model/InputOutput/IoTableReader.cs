using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using LiubeiSim.Model.District;

namespace LiubeiSim.Model.InputOutput;

/// <summary>Reads an input-output table from CSV: a header <c>supplier,&lt;chain ids&gt;</c>, one row per supplying chain.</summary>
public static class IoTableReader
{
    private static readonly Lazy<IoTable> DefaultTable = new(() =>
    {
        using var stream = typeof(IoTableReader).Assembly.GetManifestResourceStream("LiubeiSim.Model.Data.io-table-default.csv")
            ?? throw new InvalidOperationException("The default input-output table is not embedded in LiubeiSim.Model.");
        using var reader = new StreamReader(stream);
        return Read("default", reader.ReadToEnd());
    });

    /// <summary>The documented default table (an assumption; see the comments in the embedded CSV).</summary>
    public static IoTable Default => DefaultTable.Value;

    /// <summary>Reads a user's table; every defect is an <see cref="IoTableException"/> naming file, line and field.</summary>
    public static IoTable ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new IoTableException($"{path}: no such file; give the path of a CSV input-output table (see `liubeisim run --help`).");
        }

        if (new FileInfo(path).Length > 64 * 1024)
        {
            throw new IoTableException($"{path}: file is larger than 64 KiB; an input-output table of {DistrictIds.Chains.Count} chains is a few hundred bytes.");
        }

        return Read(path, File.ReadAllText(path));
    }

    public static IoTable Read(string file, string text)
    {
        var n = DistrictIds.Chains.Count;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            AllowComments = true,
            Comment = '#',
            HasHeaderRecord = true,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
        };
        var allowed = "chain ids " + string.Join(", ", DistrictIds.Chains);
        using var csv = new CsvReader(new StringReader(text), configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            throw new IoTableException($"{file}:1: header: missing; the first line must be `supplier,{string.Join(',', DistrictIds.Chains)}`.");
        }

        var header = csv.HeaderRecord;
        var headerLine = csv.Parser.RawRow;
        var columnOfChain = new int[n];
        Array.Fill(columnOfChain, -1);
        for (var col = 1; col < header.Length; col++)
        {
            var chain = DistrictIds.ChainIndex(header[col]);
            if (chain < 0)
            {
                throw new IoTableException($"{file}:{headerLine}: header column {col + 1} '{header[col]}': not a chain; allowed: {allowed}.");
            }

            if (columnOfChain[chain] >= 0)
            {
                throw new IoTableException($"{file}:{headerLine}: header column {col + 1} '{header[col]}': appears twice; each chain once.");
            }

            columnOfChain[chain] = col;
        }

        var missingColumns = DistrictIds.Chains.Where((_, i) => columnOfChain[i] < 0).ToList();
        if (missingColumns.Count > 0)
        {
            throw new IoTableException($"{file}:{headerLine}: header: missing column(s) {string.Join(", ", missingColumns)}; every chain needs a column.");
        }

        var coefficients = new double[n * n];
        var valueAdded = new double[n];
        var seenRow = new bool[n];
        var seenValueAdded = false;
        var rows = 0;
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            if (++rows > 64)
            {
                throw new IoTableException($"{file}:{line}: too many rows; one row per chain ({n}) and one {IoTable.ValueAddedRow} row.");
            }

            var fields = csv.Parser.Record ?? [];
            if (fields.Length != header.Length)
            {
                throw new IoTableException($"{file}:{line}: row has {fields.Length} fields; the header has {header.Length}.");
            }

            if (string.Equals(fields[0], IoTable.ValueAddedRow, StringComparison.Ordinal))
            {
                if (seenValueAdded)
                {
                    throw new IoTableException($"{file}:{line}: row '{IoTable.ValueAddedRow}' appears twice.");
                }

                seenValueAdded = true;
                for (var buyer = 0; buyer < n; buyer++)
                {
                    var col = columnOfChain[buyer];
                    valueAdded[buyer] = Cell(file, line, fields[0], header[col], fields[col], "value added per yuan of output is a number in (0, 1)", v => v > 0 && v < 1);
                }

                continue;
            }

            var supplier = DistrictIds.ChainIndex(fields[0]);
            if (supplier < 0)
            {
                throw new IoTableException($"{file}:{line}: supplier '{fields[0]}': not a chain or {IoTable.ValueAddedRow}; allowed: {allowed}, {IoTable.ValueAddedRow}.");
            }

            if (seenRow[supplier])
            {
                throw new IoTableException($"{file}:{line}: supplier '{fields[0]}': row appears twice; each chain once.");
            }

            seenRow[supplier] = true;
            for (var buyer = 0; buyer < n; buyer++)
            {
                var col = columnOfChain[buyer];
                coefficients[(supplier * n) + buyer] = Cell(file, line, fields[0], header[col], fields[col], "a coefficient is a number in [0, 1)", v => v >= 0 && v < 1);
            }
        }

        var missingRows = DistrictIds.Chains.Where((_, i) => !seenRow[i]).ToList();
        if (missingRows.Count > 0)
        {
            throw new IoTableException($"{file}: missing row(s) for {string.Join(", ", missingRows)}; every chain needs a row.");
        }

        if (!seenValueAdded)
        {
            throw new IoTableException($"{file}: missing row '{IoTable.ValueAddedRow}': add a row `{IoTable.ValueAddedRow},...` giving each chain's value added per yuan of its output (the default table's is about 0.22 to 0.28).");
        }

        for (var buyer = 0; buyer < n; buyer++)
        {
            var columnSum = 0.0;
            for (var supplier = 0; supplier < n; supplier++)
            {
                columnSum += coefficients[(supplier * n) + buyer];
            }

            if (columnSum >= 0.95)
            {
                throw new IoTableException(string.Create(CultureInfo.InvariantCulture,
                    $"{file}: column {DistrictIds.Chains[buyer]}: coefficients sum to {columnSum:0.###}; each column must sum below 0.95 so that (I - A) is invertible with a non-negative inverse."));
            }
        }

        for (var buyer = 0; buyer < n; buyer++)
        {
            var inputs = valueAdded[buyer];
            for (var supplier = 0; supplier < n; supplier++)
            {
                inputs += coefficients[(supplier * n) + buyer];
            }

            if (inputs >= 1)
            {
                throw new IoTableException(string.Create(CultureInfo.InvariantCulture,
                    $"{file}: column {DistrictIds.Chains[buyer]}: coefficients plus value added sum to {inputs:0.###}; a yuan of output cannot buy more than a yuan of inputs and value added, so keep the sum below 1 (the rest is bought outside the district)."));
            }
        }

        return new IoTable(file, coefficients, valueAdded);
    }

    private static double Cell(string file, int line, string row, string column, string cell, string allowed, Func<double, bool> inRange)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new IoTableException($"{file}:{line}: {row} -> {column}: '{cell}' is not a finite number; {allowed}.");
        }

        if (!inRange(value))
        {
            throw new IoTableException($"{file}:{line}: {row} -> {column}: {cell} is out of range; {allowed}.");
        }

        return value;
    }
}
