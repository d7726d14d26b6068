using System.Text.Json;
using LiubeiSim.Analysis.Comparison;

namespace LiubeiSim.Analysis.Reporting;

/// <summary>What a comparison directory's compare.json says about B − A, read for the report.</summary>
internal sealed record PairedDifferences(bool Paired, ulong Seed, int Replications, IReadOnlyList<PairedDifferences.Row> Rows)
{
    public sealed record Row(string Indicator, string Scope, string Unit, double P10, double P50, double P90, double ProbabilityBGreater);

    public Row? Find(string indicator, string scope) => Rows.FirstOrDefault(r => r.Indicator == indicator && r.Scope == scope);

    /// <exception cref="RunDirectoryException">The file is missing, not JSON, or lacks a field; the message names it.</exception>
    public static PairedDifferences Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new RunDirectoryException(path, null, null, $"missing: a comparison directory holds {ComparisonFiles.CompareJson} beside a/ and b/ (written by `liubeisim compare --out`)");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var rows = new List<Row>();
            foreach (var item in Property(path, root, "indicators", JsonValueKind.Array).EnumerateArray())
            {
                rows.Add(new Row(
                    Text(path, item, "indicator"),
                    Text(path, item, "scope"),
                    Text(path, item, "unit"),
                    Number(path, item, "diff_p10"),
                    Number(path, item, "diff_p50"),
                    Number(path, item, "diff_p90"),
                    Number(path, item, "prob_b_greater")));
            }

            return new PairedDifferences(
                Property(path, root, "paired", JsonValueKind.True, JsonValueKind.False).GetBoolean(),
                Property(path, root, "seed", JsonValueKind.Number).GetUInt64(),
                Property(path, root, "replications", JsonValueKind.Number).GetInt32(),
                rows);
        }
        catch (JsonException e)
        {
            throw new RunDirectoryException(path, (int)(e.LineNumber ?? 0) + 1, null, "not valid JSON", e);
        }
        catch (FormatException e)
        {
            throw new RunDirectoryException(path, null, null, "a number out of range", e);
        }
    }

    private static JsonElement Property(string path, JsonElement element, string name, params JsonValueKind[] kinds) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && kinds.Contains(value.ValueKind)
            ? value
            : throw new RunDirectoryException(path, null, name, $"missing or not a {string.Join(" or ", kinds).ToLowerInvariant()}");

    private static string Text(string path, JsonElement element, string name) => Property(path, element, name, JsonValueKind.String).GetString()!;

    private static double Number(string path, JsonElement element, string name)
    {
        var value = Property(path, element, name, JsonValueKind.Number).GetDouble();
        return double.IsFinite(value) ? value : throw new RunDirectoryException(path, null, name, "not a finite number");
    }
}
