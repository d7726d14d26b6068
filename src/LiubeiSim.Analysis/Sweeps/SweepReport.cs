using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiubeiSim.Analysis.Tables;

namespace LiubeiSim.Analysis.Sweeps;

/// <summary>How long a sweep's invocation took and what it ran (points of an earlier, interrupted invocation are resumed, not run).</summary>
/// <param name="StartupSeconds">Starting the engine (the embedded silo).</param>
/// <param name="RunSeconds">Running the points of this invocation, writing each as it finished.</param>
/// <param name="PointsRun">Points run by this invocation.</param>
/// <param name="PointsResumed">Points found done from an earlier one.</param>
/// <param name="ReplicationMonths">Replication-months simulated by this invocation.</param>
public sealed record SweepTimings(double StartupSeconds, double RunSeconds, int PointsRun, int PointsResumed, long ReplicationMonths)
{
    /// <summary>Replication-months per second of the run phase; 0 when nothing ran.</summary>
    public double ReplicationMonthsPerSecond => RunSeconds > 0 ? ReplicationMonths / RunSeconds : 0;
}

/// <summary><c>sweep.json</c>: the spec echoed, the points, the engine and the timings, with the tool's version.</summary>
public static class SweepReport
{
    public const string FileName = "sweep.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(SweepSpec spec, int points, TidyTableFormat format, string engine, int parallel, SweepTimings timings)
    {
        var extension = format == TidyTableFormat.Parquet ? "parquet" : "csv";
        var factors = new JsonArray();
        foreach (var f in spec.Factors)
        {
            var factor = new JsonObject
            {
                ["name"] = f.Key,
                ["min"] = f.Factor.Min,
                ["max"] = f.Factor.Max,
                ["whole"] = f.Whole,
            };
            if (spec.Design == SweepDesignKind.Grid)
            {
                factor["values"] = new JsonArray([.. f.Factor.GridValues().Select(v => JsonValue.Create(v))]);
            }

            factors.Add(factor);
        }

        var report = new JsonObject
        {
            ["tool"] = "liubeisim",
            ["toolVersion"] = AnalysisInfo.ToolVersion,
            ["spec"] = new JsonObject
            {
                ["file"] = spec.File,
                ["base"] = spec.Base,
                ["replications"] = spec.Replications,
                ["seed"] = spec.Seed,
                ["design"] = spec.DesignName,
                ["samples"] = spec.Samples,
                ["factors"] = factors,
                ["outputs"] = new JsonArray([.. spec.Outputs.Select(o => JsonValue.Create(o.Label))]),
                ["text"] = spec.Text,
            },
            ["scenario"] = spec.BaseScenario.Name,
            ["points"] = points,
            ["replications"] = spec.Replications,
            ["months"] = spec.Months,
            ["seed"] = spec.Seed,
            ["engine"] = engine,
            ["parallel"] = parallel,
            ["format"] = extension,
            ["tables"] = new JsonArray([.. TidyTables.Names.Select(t => JsonValue.Create($"{t}.{extension}"))]),
            ["timings"] = new JsonObject
            {
                ["startupSeconds"] = timings.StartupSeconds,
                ["runSeconds"] = timings.RunSeconds,
                ["pointsRun"] = timings.PointsRun,
                ["pointsResumed"] = timings.PointsResumed,
                ["replicationMonths"] = timings.ReplicationMonths,
                ["replicationMonthsPerSecond"] = timings.ReplicationMonthsPerSecond,
            },
        };
        return report.ToJsonString(Json) + "\n";
    }
}
