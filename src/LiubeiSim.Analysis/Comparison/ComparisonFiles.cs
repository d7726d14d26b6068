using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Comparison;

/// <summary>
/// The files of a comparison: <c>compare.csv</c> (end of horizon), <c>compare-monthly.csv</c> (every month),
/// <c>compare.json</c> (the same plus targets and both scenarios as run), and each side's own run files under
/// <c>a/</c> and <c>b/</c>, so the report and any tool reading a run directory can read either side.
/// </summary>
public static class ComparisonFiles
{
    public const string CompareCsv = "compare.csv";
    public const string CompareMonthlyCsv = "compare-monthly.csv";
    public const string CompareJson = "compare.json";
    public const string SideA = "a";
    public const string SideB = "b";

    private static readonly string[] Columns = ["indicator", "scope", "unit", "a_p50", "b_p50", "diff_p10", "diff_p50", "diff_p90", "prob_b_greater"];

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every file of the comparison by its path relative to the output directory.</summary>
    public static IReadOnlyList<(string Path, string Text)> All(ComparisonResult result) =>
    [
        (CompareCsv, EndCsv(result)),
        (CompareMonthlyCsv, MonthlyCsv(result)),
        (Path.Combine(SideA, RunReport.IndicatorsFile), RunReport.IndicatorsCsv(result.A)),
        (Path.Combine(SideA, RunReport.TargetsFile), RunReport.TargetsCsv(result.A)),
        (Path.Combine(SideA, RunReport.SummaryFile), RunReport.Summary(result.A)),
        (Path.Combine(SideB, RunReport.IndicatorsFile), RunReport.IndicatorsCsv(result.B)),
        (Path.Combine(SideB, RunReport.TargetsFile), RunReport.TargetsCsv(result.B)),
        (Path.Combine(SideB, RunReport.SummaryFile), RunReport.Summary(result.B)),
        // Last: its presence says the comparison's files are complete.
        (CompareJson, Json(result)),
    ];

    public static string EndCsv(ComparisonResult result) => Csv(result, monthly: false);

    public static string MonthlyCsv(ComparisonResult result) => Csv(result, monthly: true);

    private static string Csv(ComparisonResult result, bool monthly)
    {
        var builder = new StringBuilder();
        using (var csv = new CsvWriter(new StringWriter(builder, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
        {
            if (monthly)
            {
                csv.WriteField("month");
            }

            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            var first = monthly ? 0 : result.Months - 1;
            for (var month = first; month < result.Months; month++)
            {
                foreach (var key in SeriesLayout.All)
                {
                    if (monthly)
                    {
                        csv.WriteField(result.A.Scenario.Start.AddMonths(month).ToString());
                    }

                    var d = result.At(month, key.Index);
                    csv.WriteField(key.Indicator.Id);
                    csv.WriteField(key.Scope);
                    csv.WriteField(key.Indicator.Unit);
                    foreach (var value in new[] { result.A.At(month, key.Index).P50, result.B.At(month, key.Index).P50, d.P10, d.P50, d.P90, d.ProbabilityBGreater })
                    {
                        csv.WriteField(RunReport.Number(value));
                    }

                    csv.NextRecord();
                }
            }
        }

        return builder.ToString();
    }

    public static JsonObject JsonObject(ComparisonResult result)
    {
        var indicators = new JsonArray();
        foreach (var key in SeriesLayout.All)
        {
            var d = result.End(key.Index);
            indicators.Add(new JsonObject
            {
                ["indicator"] = key.Indicator.Id,
                ["scope"] = key.Scope,
                ["unit"] = key.Indicator.Unit,
                ["base"] = result.A.BaseValues[key.Index] is { } b ? JsonValue.Create(b) : null,
                ["a_p50"] = result.A.End(key.Index).P50,
                ["b_p50"] = result.B.End(key.Index).P50,
                ["diff_p5"] = d.P5,
                ["diff_p10"] = d.P10,
                ["diff_p50"] = d.P50,
                ["diff_p90"] = d.P90,
                ["diff_p95"] = d.P95,
                ["diff_mean"] = d.Mean,
                ["prob_b_greater"] = d.ProbabilityBGreater,
            });
        }

        var targets = new JsonArray();
        foreach (var t in result.Targets())
        {
            targets.Add(new JsonObject
            {
                ["name"] = t.Target.Name,
                ["indicator"] = t.Target.Indicator,
                ["scope"] = t.Target.Scope,
                ["direction"] = RunReport.Direction(t.Target.Direction),
                ["threshold"] = t.Target.Threshold,
                ["measure"] = RunReport.Measure(t.Target.Measure),
                ["a_probability"] = t.ProbabilityA,
                ["b_probability"] = t.ProbabilityB,
                ["change"] = t.Change,
            });
        }

        return new JsonObject
        {
            ["toolVersion"] = ToolInfo.Version,
            ["paired"] = result.Paired,
            ["seed"] = result.A.Scenario.Seed,
            ["seedB"] = result.B.Scenario.Seed,
            ["replications"] = result.A.Scenario.Replications,
            ["horizon"] = new JsonObject { ["start"] = result.A.Scenario.Start.ToString(), ["end"] = result.A.Scenario.End.ToString(), ["months"] = result.Months },
            ["a"] = Side(result.A.Scenario),
            ["b"] = Side(result.B.Scenario),
            ["indicators"] = indicators,
            ["targets"] = targets,
        };
    }

    public static string Json(ComparisonResult result) => JsonObject(result).ToJsonString(JsonOptions) + "\n";

    private static JsonObject Side(Scenario scenario) => new()
    {
        ["scenario"] = scenario.Name,
        ["resolvedScenario"] = ScenarioYaml.Write(scenario),
    };
}
