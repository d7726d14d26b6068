using LiubeiSim.Analysis.Reporting;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// A completed run's Parquet table and HTML report, written by the code that writes them for the CLI (the sweep's tidy
/// table writer, <c>liubeisim report</c>) rather than a second implementation here. Both of those work on files, so
/// each answer goes through a temporary directory of its own, removed before it returns.
/// </summary>
public static class RunFiles
{
    public const string IndicatorsParquetFile = "indicators.parquet";
    public const string ReportFile = "report.html";

    /// <summary>The report needs only its inline styles and SVG: no script, no request, no framing.</summary>
    public const string ReportContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>indicators.csv's rows as the sweeps' <c>indicators</c> tidy table of one point (point 0).</summary>
    public static async Task<byte[]> IndicatorsParquetAsync(RunResult result, CancellationToken cancellationToken = default)
    {
        var directory = TemporaryDirectory();
        try
        {
            var writer = new ParquetTidyTableWriter(directory, [], pointCount: 1);
            await writer.AppendPointAsync(0, new Dictionary<string, double>(), result, cancellationToken);
            await writer.CompleteAsync(cancellationToken);
            return await File.ReadAllBytesAsync(writer.TablePath(TidyTables.Indicators), cancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The self-contained report of <c>liubeisim report</c> on the run's files, the run's id as its directory's name.</summary>
    public static string ReportHtml(string id, RunResult result)
    {
        var parent = TemporaryDirectory();
        try
        {
            // The report names the run by its directory: the run's id, as `liubeisim run --out ID` would.
            var name = id.Length > 0 && id.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && id is not ("." or "..") ? id : "run";
            var directory = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
            File.WriteAllText(Path.Combine(directory, RunReport.SummaryFile), RunReport.Summary(result));
            File.WriteAllText(Path.Combine(directory, RunReport.IndicatorsFile), RunReport.IndicatorsCsv(result));
            File.WriteAllText(Path.Combine(directory, RunReport.TargetsFile), RunReport.TargetsCsv(result));
            return HtmlReport.Render([directory]);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    private static string TemporaryDirectory() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"liubeisim-run-files-{Guid.NewGuid():N}")).FullName;
}
