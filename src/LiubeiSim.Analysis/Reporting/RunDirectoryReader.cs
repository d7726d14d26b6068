using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Reporting;

/// <summary>
/// Reads a run directory back from its files (<c>summary.json</c>, <c>indicators.csv</c>, <c>targets.csv</c>), so the
/// report works on any run's output. Strict on what it needs, tolerant of what it does not know: a column or JSON field
/// added later is ignored, a missing or malformed one is a <see cref="RunDirectoryException"/> saying where.
/// </summary>
internal static class RunDirectoryReader
{
    private static readonly string[] IndicatorColumns = ["month", "indicator", "scope", "p5", "p10", "p50", "p90", "p95", "mean"];
    private static readonly string[] TargetColumns = ["name", "indicator", "scope", "direction", "threshold", "measure", "base", "p50", "probability"];

    public static RunData Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new RunDirectoryException(directory, null, null, "no such run directory");
        }

        var summary = ReadSummary(Path.Combine(directory, RunReport.SummaryFile));
        var series = ReadIndicators(Path.Combine(directory, RunReport.IndicatorsFile));
        var targets = ReadTargets(Path.Combine(directory, RunReport.TargetsFile));
        return new RunData(directory, summary, series, targets);
    }

    internal static RunSummary ReadSummary(string path)
    {
        var text = ReadText(path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new RunDirectoryException(path, e.LineNumber is { } l ? (int)l + 1 : null, e.Path, "not valid JSON: " + e.Message, e);
        }

        if (root is not JsonObject summary)
        {
            throw new RunDirectoryException(path, null, null, "expected a JSON object");
        }

        var json = new JsonFields(path);

        // The scenario: today its name; a later summary may carry the resolved scenario as an object instead.
        var scenarioNode = summary["scenario"];
        var scenarioObject = scenarioNode as JsonObject;
        var name = scenarioObject is null ? json.String(summary, "scenario") : json.String(scenarioObject, "name", "scenario.name");
        var description = json.OptionalString(summary, "description")
            ?? (scenarioObject is null ? null : json.OptionalString(scenarioObject, "description", "scenario.description"))
            ?? (summary["resolvedScenario"] is JsonObject resolved ? json.OptionalString(resolved, "description", "resolvedScenario.description") : null);

        var horizon = json.Object(summary, "horizon");
        var startText = json.String(horizon, "start", "horizon.start");
        if (!YearMonth.TryParse(startText, out var start))
        {
            throw new RunDirectoryException(path, null, "horizon.start", $"'{startText}' is not a month YYYY-MM");
        }

        var months = json.Int(horizon, "months", "horizon.months");
        if (months < 1)
        {
            throw new RunDirectoryException(path, null, "horizon.months", $"{months} is not a positive number of months");
        }

        var levers = new List<KeyValuePair<string, double>>();
        if (summary["leversSet"] is { } leverNode)
        {
            var leverObject = leverNode as JsonObject ?? throw new RunDirectoryException(path, null, "leversSet", "expected an object of lever name to value");
            foreach (var (lever, value) in leverObject)
            {
                levers.Add(new(lever, json.Number(value, "leversSet." + lever)));
            }
        }

        List<KeyValuePair<string, string>>? assumptions = null;
        if (summary["assumptions"] is { } assumptionNode)
        {
            var assumptionObject = assumptionNode as JsonObject ?? throw new RunDirectoryException(path, null, "assumptions", "expected an object of figure id to value");
            assumptions = [];
            foreach (var (id, value) in assumptionObject)
            {
                assumptions.Add(new(id, json.Display(value, "assumptions." + id)));
            }
        }

        var indicators = new List<IndicatorInfo>();
        if (summary["indicators"] is { } indicatorNode)
        {
            var array = indicatorNode as JsonArray ?? throw new RunDirectoryException(path, null, "indicators", "expected an array");
            for (var i = 0; i < array.Count; i++)
            {
                var where = $"indicators[{i}]";
                var entry = array[i] as JsonObject ?? throw new RunDirectoryException(path, null, where, "expected an object");
                indicators.Add(new IndicatorInfo(
                    json.String(entry, "id", where + ".id"),
                    json.String(entry, "scope", where + ".scope"),
                    json.OptionalString(entry, "unit", where + ".unit") ?? string.Empty,
                    entry["base"] is { } b ? json.Number(b, where + ".base") : null));
            }
        }

        return new RunSummary(
            name,
            description,
            json.Int(summary, "baseYear"),
            start,
            months,
            json.Display(summary["seed"] ?? throw new RunDirectoryException(path, null, "seed", "missing"), "seed"),
            json.Int(summary, "replications"),
            json.OptionalString(summary, "engine"),
            json.OptionalString(summary, "toolVersion"),
            levers,
            assumptions,
            indicators);
    }

    internal static IReadOnlyList<SeriesData> ReadIndicators(string path)
    {
        var builders = new Dictionary<(string, string), SeriesBuilder>();
        var order = new List<SeriesBuilder>();
        ReadCsv(path, IndicatorColumns, row =>
        {
            var monthText = row.Text("month");
            if (!YearMonth.TryParse(monthText, out var month))
            {
                throw row.Error("month", $"'{monthText}' is not a month YYYY-MM");
            }

            var indicator = row.NonEmpty("indicator");
            var scope = row.NonEmpty("scope");
            if (!builders.TryGetValue((indicator, scope), out var series))
            {
                series = new SeriesBuilder(indicator, scope);
                builders.Add((indicator, scope), series);
                order.Add(series);
            }

            if (series.Months.Count > 0 && month.CompareTo(series.Months[^1]) <= 0)
            {
                throw row.Error("month", $"{month} for {indicator}/{scope} does not follow {series.Months[^1]}: each series' months must increase");
            }

            series.Months.Add(month);
            series.P5.Add(row.Number("p5"));
            series.P10.Add(row.Number("p10"));
            series.P50.Add(row.Number("p50"));
            series.P90.Add(row.Number("p90"));
            series.P95.Add(row.Number("p95"));
            series.Mean.Add(row.Number("mean"));
        });

        return order.Select(b => new SeriesData(b.Indicator, b.Scope, b.Months, b.P5, b.P10, b.P50, b.P90, b.P95, b.Mean)).ToArray();
    }

    internal static IReadOnlyList<TargetData> ReadTargets(string path)
    {
        var targets = new List<TargetData>();
        ReadCsv(path, TargetColumns, row =>
        {
            var direction = row.Text("direction");
            if (direction is not ("at-least" or "at-most"))
            {
                throw row.Error("direction", $"'{direction}' is neither at-least nor at-most");
            }

            var measure = row.Text("measure");
            if (measure is not ("level" or "growth"))
            {
                throw row.Error("measure", $"'{measure}' is neither level nor growth");
            }

            var probability = row.Number("probability");
            if (probability is < 0 or > 1)
            {
                throw row.Error("probability", $"{RunReport.Number(probability)} is not a probability between 0 and 1");
            }

            targets.Add(new TargetData(
                row.Text("name"),
                row.NonEmpty("indicator"),
                row.NonEmpty("scope"),
                direction,
                row.Number("threshold"),
                measure,
                row.Text("base").Length == 0 ? null : row.Number("base"),
                row.Number("p50"),
                probability));
        });

        return targets;
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RunDirectoryException(path, null, null, "missing: a run directory holds summary.json, indicators.csv and targets.csv (liubeisim run --out DIR)", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunDirectoryException(path, null, null, "cannot be read: " + e.Message, e);
        }
    }

    /// <summary>Reads a CSV file with a header, calling <paramref name="onRow"/> for each data row; columns are found by name.</summary>
    private static void ReadCsv(string path, string[] required, Action<CsvRow> onRow)
    {
        var text = ReadText(path);
        using var parser = new CsvParser(new StringReader(text), CultureInfo.InvariantCulture);
        try
        {
            if (!parser.Read() || parser.Record is not { } header)
            {
                throw new RunDirectoryException(path, 1, null, "empty: expected the header " + string.Join(",", required));
            }

            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                columns.TryAdd(header[i], i);
            }

            foreach (var name in required)
            {
                if (!columns.ContainsKey(name))
                {
                    throw new RunDirectoryException(path, parser.RawRow, name, $"column missing from the header (expected {string.Join(",", required)})");
                }
            }

            while (parser.Read())
            {
                var record = parser.Record ?? [];
                var row = new CsvRow(path, parser.RawRow, columns, record);
                if (record.Length != header.Length)
                {
                    throw row.Error(null, $"{record.Length} fields where the header has {header.Length}");
                }

                onRow(row);
            }
        }
        catch (CsvHelperException e)
        {
            throw new RunDirectoryException(path, e.Context?.Parser?.RawRow, null, "not valid CSV: " + e.Message, e);
        }
    }

    private sealed class SeriesBuilder(string indicator, string scope)
    {
        public string Indicator { get; } = indicator;
        public string Scope { get; } = scope;
        public List<YearMonth> Months { get; } = [];
        public List<double> P5 { get; } = [];
        public List<double> P10 { get; } = [];
        public List<double> P50 { get; } = [];
        public List<double> P90 { get; } = [];
        public List<double> P95 { get; } = [];
        public List<double> Mean { get; } = [];
    }

    private sealed class CsvRow(string path, int line, Dictionary<string, int> columns, string[] record)
    {
        public string Text(string column) => record[columns[column]];

        public string NonEmpty(string column) =>
            Text(column) is { Length: > 0 } text ? text : throw Error(column, "empty");

        public double Number(string column)
        {
            var text = Text(column);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw Error(column, $"'{text}' is not a finite number");
            }

            return value;
        }

        public RunDirectoryException Error(string? column, string problem) => new(path, line, column, problem);
    }

    /// <summary>Typed access to summary.json's fields, each failure naming the file and the JSON path.</summary>
    private sealed class JsonFields(string path)
    {
        public string String(JsonObject parent, string name, string? where = null) =>
            OptionalString(parent, name, where) ?? throw new RunDirectoryException(path, null, where ?? name, "missing");

        public string? OptionalString(JsonObject parent, string name, string? where = null)
        {
            var node = parent[name];
            if (node is null)
            {
                return null;
            }

            return node is JsonValue v && v.TryGetValue<string>(out var s)
                ? s
                : throw new RunDirectoryException(path, null, where ?? name, $"expected a string, found {node.ToJsonString()}");
        }

        public JsonObject Object(JsonObject parent, string name) =>
            parent[name] switch
            {
                JsonObject o => o,
                null => throw new RunDirectoryException(path, null, name, "missing"),
                var other => throw new RunDirectoryException(path, null, name, $"expected an object, found {other.ToJsonString()}"),
            };

        public int Int(JsonObject parent, string name, string? where = null)
        {
            var node = parent[name] ?? throw new RunDirectoryException(path, null, where ?? name, "missing");
            return node is JsonValue v && v.TryGetValue<int>(out var i)
                ? i
                : throw new RunDirectoryException(path, null, where ?? name, $"expected a whole number, found {node.ToJsonString()}");
        }

        public double Number(JsonNode? node, string where) =>
            node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d)
                ? d
                : throw new RunDirectoryException(path, null, where, $"expected a number, found {node?.ToJsonString() ?? "null"}");

        /// <summary>A scalar as a person reads it: numbers exactly as written, strings as they are.</summary>
        public string Display(JsonNode? node, string where) => node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => throw new RunDirectoryException(path, null, where, $"expected a number or a string, found {node?.ToJsonString() ?? "null"}"),
        };
    }
}
