using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Output;

/// <summary>
/// The files a run writes, as text: <c>summary.json</c>, <c>indicators.csv</c> and <c>targets.csv</c>. The CSV files
/// hold no timing or other run-to-run noise, so equal runs give equal bytes.
/// </summary>
public static class RunReport
{
    public const string SummaryFile = "summary.json";
    public const string IndicatorsFile = "indicators.csv";
    public const string TargetsFile = "targets.csv";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Direction(TargetDirection direction) => direction == TargetDirection.AtLeast ? "at-least" : "at-most";

    public static string Measure(TargetMeasure measure) => measure == TargetMeasure.Growth ? "growth" : "level";

    public static JsonObject SummaryJson(RunResult result)
    {
        var scenario = result.Scenario;
        var indicators = new JsonArray();
        foreach (var key in SeriesLayout.All)
        {
            var s = result.End(key.Index);
            indicators.Add(new JsonObject
            {
                ["id"] = key.Indicator.Id,
                ["scope"] = key.Scope,
                ["unit"] = key.Indicator.Unit,
                ["base"] = result.BaseValues[key.Index] is { } b ? JsonValue.Create(b) : null,
                ["p5"] = s.P5,
                ["p10"] = s.P10,
                ["p50"] = s.P50,
                ["p90"] = s.P90,
                ["p95"] = s.P95,
                ["mean"] = s.Mean,
            });
        }

        var targets = new JsonArray();
        foreach (var t in result.Targets)
        {
            targets.Add(new JsonObject
            {
                ["name"] = t.Target.Name,
                ["indicator"] = t.Target.Indicator,
                ["scope"] = t.Target.Scope,
                ["direction"] = Direction(t.Target.Direction),
                ["threshold"] = t.Target.Threshold,
                ["measure"] = Measure(t.Target.Measure),
                ["probability"] = t.Probability,
            });
        }

        var multipliers = new JsonArray();
        foreach (var m in result.Io.Chains)
        {
            multipliers.Add(new JsonObject { ["chain"] = m.Chain, ["output"] = m.Output, ["employment"] = m.Employment, ["valueAdded"] = m.ValueAdded, ["valueAddedRatio"] = m.ValueAddedRatio });
        }

        var levers = new JsonObject();
        foreach (var lever in LeverCatalog.All)
        {
            if (scenario.Levers.TryGetValue(lever.Name, out var value))
            {
                levers[lever.Name] = value;
            }
        }

        var assumptions = new JsonObject();
        foreach (var (id, value) in scenario.Assumptions)
        {
            assumptions[id] = value;
        }

        return new JsonObject
        {
            ["toolVersion"] = ToolInfo.Version,
            ["scenario"] = scenario.Name,
            ["description"] = scenario.Description,
            ["seed"] = scenario.Seed,
            ["replications"] = scenario.Replications,
            ["engine"] = result.Engine,
            ["baseYear"] = scenario.BaseYear,
            ["horizon"] = new JsonObject
            {
                ["start"] = scenario.Start.ToString(),
                ["end"] = scenario.End.ToString(),
                ["months"] = scenario.Months,
            },
            ["timings"] = new JsonObject
            {
                ["startupSeconds"] = result.Timings.StartupSeconds,
                ["simulationSeconds"] = result.Timings.SimulationSeconds,
                ["replicationMonthsPerSecond"] = result.Timings.ReplicationMonthsPerSecond,
            },
            ["leversSet"] = levers,
            ["assumptions"] = assumptions,
            ["syntheticFirms"] = scenario.SyntheticFirms,
            // The scenario as run, every --set folded in: saved as a file, `liubeisim run FILE` repeats the run bit for bit.
            ["resolvedScenario"] = ScenarioYaml.Write(scenario),
            ["indicators"] = indicators,
            ["targets"] = targets,
            ["ioTable"] = new JsonObject { ["source"] = result.Io.Source, ["typeIMultipliers"] = multipliers },
        };
    }

    public static string Summary(RunResult result) => SummaryJson(result).ToJsonString(JsonOptions) + "\n";

    public static string IndicatorsCsv(RunResult result)
    {
        var builder = new StringBuilder();
        using (var csv = new CsvWriter(new StringWriter(builder, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "month", "indicator", "scope", "p5", "p10", "p50", "p90", "p95", "mean" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            for (var month = 0; month < result.Months; month++)
            {
                var label = result.Scenario.Start.AddMonths(month).ToString();
                foreach (var key in SeriesLayout.All)
                {
                    var s = result.At(month, key.Index);
                    csv.WriteField(label);
                    csv.WriteField(key.Indicator.Id);
                    csv.WriteField(key.Scope);
                    WriteNumbers(csv, s.P5, s.P10, s.P50, s.P90, s.P95, s.Mean);
                    csv.NextRecord();
                }
            }
        }

        return builder.ToString();
    }

    public static string TargetsCsv(RunResult result)
    {
        var builder = new StringBuilder();
        using (var csv = new CsvWriter(new StringWriter(builder, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "name", "indicator", "scope", "direction", "threshold", "measure", "base", "p50", "probability" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var t in TargetRows(result))
            {
                csv.WriteField(t.Name);
                csv.WriteField(t.Indicator);
                csv.WriteField(t.Scope);
                csv.WriteField(Direction(t.Direction));
                WriteNumbers(csv, t.Threshold);
                csv.WriteField(Measure(t.Measure));
                csv.WriteField(t.Base is { } b ? Number(b) : string.Empty);
                WriteNumbers(csv, t.P50, t.Probability);
                csv.NextRecord();
            }
        }

        return builder.ToString();
    }

    /// <summary>Each target as targets.csv has it: its series' base value and end-of-horizon P50, and the probability of meeting it.</summary>
    public static IReadOnlyList<TargetRow> TargetRows(RunResult result) => result.Targets.Select(t =>
    {
        var series = SeriesLayout.IndexOf(t.Target.Indicator, t.Target.Scope);
        return new TargetRow(t.Target.Name, t.Target.Indicator, t.Target.Scope, t.Target.Direction, t.Target.Threshold, t.Target.Measure, result.BaseValues[series], result.End(series).P50, t.Probability);
    }).ToList();

    /// <summary>Shortest round-trip form, invariant culture: the exact double, so equal runs give equal bytes.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteNumbers(CsvWriter csv, params ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            csv.WriteField(Number(v));
        }
    }
}

/// <summary>One row of targets.csv.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="Indicator">Its indicator's id.</param>
/// <param name="Scope"><c>district</c>, a chain id or a town id.</param>
/// <param name="Direction">At least or at most.</param>
/// <param name="Threshold">As the scenario writes it: a level in the unit, or a growth in percent over the base year.</param>
/// <param name="Measure">Level or growth.</param>
/// <param name="Base">The series' base-year value; null where the report gives none.</param>
/// <param name="P50">The series' median at the end of the horizon.</param>
/// <param name="Probability">Share of replications meeting the target at the end of the horizon.</param>
public sealed record TargetRow(string Name, string Indicator, string Scope, TargetDirection Direction, double Threshold, TargetMeasure Measure, double? Base, double P50, double Probability);
